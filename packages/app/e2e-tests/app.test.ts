import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

test.describe('the bundled store in the portal', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('home page guides each kind of user', async ({ page }) => {
    await expect(page.getByText('Find your way')).toBeVisible();
    await expect(page.getByText("My teams' components")).toBeVisible();
    // The guest is demo-developer of team-commerce, which owns cart-service.
    await expect(page.getByRole('link', { name: 'cart-service' })).toBeVisible();
  });

  test('catalog lists 16 services and 12 websites', async ({ page }) => {
    await page.goto('/catalog?filters%5Bkind%5D=component&filters%5Btype%5D=service');
    await expect(page.getByText(/\(16\)/)).toBeVisible();
    await page.goto('/catalog?filters%5Bkind%5D=component&filters%5Btype%5D=website');
    await expect(page.getByText(/\(12\)/)).toBeVisible();
  });

  test('a service page shows its API and its docs', async ({ page }) => {
    await page.goto('/catalog/default/component/cart-service');
    await expect(page.getByRole('heading', { name: 'cart-service' })).toBeVisible();

    await page.getByRole('tab', { name: 'API' }).click();
    await expect(page.getByRole('link', { name: 'cart-api' }).first()).toBeVisible();
    await page.getByRole('link', { name: 'cart-api' }).first().click();
    await expect(page.getByRole('heading', { name: 'cart-api' })).toBeVisible();
    await page.getByRole('tab', { name: 'Definition' }).click();
    await expect(page.getByText('/actuator/health').first()).toBeVisible();

    await page.goto('/docs/default/component/cart-service');
    // TechDocs renders the component's own mkdocs site (built on first view).
    await expect(
      page.getByRole('link', { name: 'Runbook' }).first(),
    ).toBeVisible({ timeout: 90_000 });
  });
});
