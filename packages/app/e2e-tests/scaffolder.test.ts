import { Page, test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

/** Opens the backend-service template and fills its first step; owner and system are Team Commerce's. */
async function fillComponentStep(page: Page, name: string) {
  // On a fresh database the catalog may still be ingesting the templates.
  const nameField = page.getByRole('textbox', { name: 'Name' });
  await expect(async () => {
    await page.goto('/create/templates/default/backend-service');
    await expect(nameField).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await nameField.fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Created by the browser test.');
  await page.getByRole('textbox', { name: 'Owner' }).fill('Commerce');
  await page
    .getByRole('option', { name: /commerce/i })
    .first()
    .click();
  await page.getByRole('textbox', { name: 'System' }).fill('Commerce');
  await page
    .getByRole('option', { name: /commerce/i })
    .first()
    .click();
  return nameField;
}

// The InbestmentComponentName field checks the name against the catalog on
// Next, so a taken name never reaches the server.
test('the backend-service form refuses a name the catalog already has', async ({
  page,
}) => {
  await signInAsGuest(page);
  const nameField = await fillComponentStep(page, '../cart-service');
  // Explained while typing, before Next.
  await expect(
    page.getByText('must not contain path separators or ".."').first(),
  ).toBeVisible();

  await nameField.fill('cart-service');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(
    page
      .getByText(
        '"cart-service" already exists in the catalog (component:default/cart-service), owned by team-commerce; choose another name.',
      )
      .first(),
  ).toBeVisible();
  // Still on the first step: the Delivery step's fields never appear.
  await expect(nameField).toBeVisible();
  await expect(
    page.getByRole('checkbox', { name: /Generate Terraform/ }),
  ).toHaveCount(0);
});

// Runs the backend-service template for real in the embedded default: the
// local publisher writes a git repository and the catalog registers it itself
// (catalog-backend-module-inbestment), so the new component must reach the
// catalog page.
test('the backend-service template creates a component that appears in the catalog', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // Unique per run: published repositories outlive the e2e database.
  const name = `e2e${Date.now().toString(36)}-service`;

  await signInAsGuest(page);
  await fillComponentStep(page, name);
  await page.getByRole('button', { name: 'Next' }).click();

  // Delivery: the defaults (GitHub Actions, canary, Terraform).
  await page.getByRole('button', { name: 'Review' }).click();
  const started = Date.now();
  await page.getByRole('button', { name: 'Create' }).click();

  const openInCatalog = page.getByText('Open in catalog');
  await expect(openInCatalog).toBeVisible({ timeout: 120_000 });
  test.info().annotations.push({
    type: 'timing',
    description: `backend-service run, Create clicked to task done: ${
      Date.now() - started
    } ms`,
  });

  // The catalog's scan of the publish dir and its processing take a few seconds.
  await expect(async () => {
    await page.goto(`/catalog/default/component/${name}`);
    // The page heading is the title the template derives, e.g. "E2exyz Service".
    await expect(
      page
        .getByRole('heading', {
          name: new RegExp(`^${name.replace('-service', '')} service$`, 'i'),
        })
        .first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await expect(
    page.getByRole('link', { name: 'Team Commerce' }).first(),
  ).toBeVisible();
});
