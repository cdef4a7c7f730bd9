import { APIRequestContext, Locator, Page } from '@playwright/test';
import { BACKEND, bearer, tokenOf } from './backendApi';
import { expect, expectSeen, test } from './seen';
import { signInAsGuest } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

/** The store's six teams (catalog/org.yaml, `spec.type: team`) as a person should see them: by title, sorted. */
const TEAMS = [
  'Team Commerce',
  'Team Discovery',
  'Team Engagement',
  'Team Fulfilment',
  'Team Identity',
  'Team Platform',
];

/** Records how long a person waited for something, in the test report. */
async function timed(what: string, wait: () => Promise<void>) {
  const started = Date.now();
  await wait();
  test.info().annotations.push({
    type: 'time to visible content',
    description: `${what}: ${Date.now() - started} ms`,
  });
}

/** Opens a template's form; on a fresh database the catalog may still be ingesting the templates. */
async function openTemplate(page: Page, template: string) {
  const nameField = page.getByRole('textbox', { name: 'Name' });
  await expect(async () => {
    await page.goto(`/create/templates/default/${template}`);
    await expect(nameField).toBeVisible({ timeout: 10_000 });
  }).toPass({ timeout: 90_000 });
  return nameField;
}

/** A drop-down of the form (MUI select: a button named by its label and value). */
const dropDown = (page: Page, label: string) =>
  page.getByRole('button', { name: new RegExp(`^${label}`) });

/** Opens a drop-down and returns the first line of each choice, as a person reads them. */
async function choicesOf(page: Page, label: string) {
  await dropDown(page, label).click();
  const options = page.getByRole('listbox').getByRole('option');
  await expectSeen(options.first());
  return (await options.allInnerTexts()).map(text => text.split('\n')[0]);
}

async function pick(page: Page, label: string, choice: string) {
  await dropDown(page, label).click();
  await page
    .getByRole('listbox')
    .getByRole('option')
    .filter({ hasText: new RegExp(`^${choice.replace(/[()/]/g, '\\$&')}`) })
    .click();
  await expect(dropDown(page, label)).toContainText(choice);
}

/** Fills a new component's first step; owner and system are Team Commerce's. */
async function fillComponentStep(page: Page, nameField: Locator, name: string) {
  await nameField.fill(name);
  await page
    .getByRole('textbox', { name: 'Description' })
    .fill('Created by the browser test.');
  await pick(page, 'Owner', 'Team Commerce');
  await pick(page, 'System', 'Commerce');
}

// The InbestmentComponentName field checks the name against the catalog on
// Next; owners are teams shown by title; every choice carries its own label.
test('the backend-service form lists teams by title, says a taken name once and labels each choice as intended', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  const nameField = await openTemplate(page, 'backend-service');

  expect(await choicesOf(page, 'Owner')).toEqual(TEAMS);
  await page.screenshot({
    path: test.info().outputPath('scaffolder-owner.png'),
  });
  await page.keyboard.press('Escape');
  await fillComponentStep(page, nameField, '../cart-service');
  // The picked team is shown by title, never as a raw entity ref.
  await expectSeen(dropDown(page, 'Owner'));
  await expect(dropDown(page, 'Owner')).not.toContainText('group:');
  // A bad name is explained while typing, before Next.
  await expectSeen(
    page.getByText('must not contain path separators or ".."').first(),
  );

  // A taken name is refused on Next, once.
  await nameField.fill('cart-service');
  await page.getByRole('button', { name: 'Next' }).click();
  const taken = page.getByText(
    '"cart-service" already exists in the catalog (component:default/cart-service), owned by team-commerce; choose another name.',
  );
  await expectSeen(taken);
  await expect(taken).toHaveCount(1);
  await expect(nameField).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({
    path: test.info().outputPath('scaffolder-taken-name.png'),
  });
  await expect(
    page.getByRole('checkbox', { name: /Generate Terraform/ }),
  ).toHaveCount(0);

  // A free name reaches the Delivery step, whose choices are labelled one to one.
  await nameField.fill(`e2e${Date.now().toString(36)}-service`);
  await page.getByRole('button', { name: 'Next' }).click();
  expect(await choicesOf(page, 'CI/CD pipeline')).toEqual([
    'GitHub Actions',
    'AWS CodeBuild / CodePipeline',
    'None (add one later)',
  ]);
  await page.keyboard.press('Escape');
  expect(await choicesOf(page, 'Production rollout')).toEqual([
    'Canary (one pod first, watched by alarms)',
    'Blue/green (switch the Service selector)',
  ]);
  await page.screenshot({
    path: test.info().outputPath('scaffolder-rollout.png'),
  });
  await page.keyboard.press('Escape');
  await pick(
    page,
    'Production rollout',
    'Blue/green (switch the Service selector)',
  );
  await page.getByRole('button', { name: 'Review' }).click();
  await expectSeen(
    page
      .getByRole('row')
      .filter({ hasText: 'Production rollout' })
      .getByText('Blue/green (switch the Service selector)'),
  );
  await page.screenshot({
    path: test.info().outputPath('scaffolder-review.png'),
  });
});

type StepStatus = { name: string; status: string };

/** How each step of the task ended, from the scaffolder's own event log. */
async function stepStatuses(
  request: APIRequestContext,
  taskId: string,
): Promise<StepStatus[]> {
  const headers = bearer(await tokenOf(request, 'guest'));
  const task = await (
    await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${taskId}`, {
      headers,
    })
  ).json();
  const events = await (
    await request.get(`${BACKEND}/api/scaffolder/v2/tasks/${taskId}/events`, {
      headers,
    })
  ).json();
  return task.spec.steps.map((step: { id: string; name: string }) => ({
    name: step.name,
    status:
      events
        .filter((e: any) => e.body.stepId === step.id && e.body.status)
        .map((e: any) => e.body.status)
        .pop() ?? 'never ran',
  }));
}

/**
 * Runs the form to the end and checks the task page: every step shown in order, those that ran with their
 * duration, the skipped ones without; returns the task's step statuses.
 */
async function create(
  page: Page,
  request: APIRequestContext,
  what: string,
  skipped: string[],
) {
  await page.getByRole('button', { name: 'Review' }).click();
  const started = Date.now();
  await page.getByRole('button', { name: 'Create' }).click();
  const openInCatalog = page.getByRole('link', { name: 'Open in catalog' });
  await expectSeen(openInCatalog, { timeout: 240_000 });
  test.info().annotations.push({
    type: 'timing',
    description: `${what}: Create clicked to task done ${
      Date.now() - started
    } ms`,
  });
  const taskId = page.url().split('/').pop()!;
  const statuses = await stepStatuses(request, taskId);
  // Skipped steps are the other publish target's and the options not chosen; everything else ran.
  expect(statuses.filter(s => s.status === 'skipped').map(s => s.name)).toEqual(
    skipped,
  );
  expect(
    statuses.filter(s => s.status !== 'skipped').map(s => s.status),
  ).toEqual(
    statuses.filter(s => s.status !== 'skipped').map(() => 'completed'),
  );

  // The task page shows each step as it ran: a duration for those that ran, none for the skipped.
  const labels = page.getByTestId('step-label');
  await expect(labels).toHaveCount(statuses.length);
  for (const [i, step] of statuses.entries()) {
    const label = labels.nth(i);
    await expectSeen(label.getByText(step.name, { exact: true }));
    if (step.status === 'skipped') {
      await expect(label).not.toContainText(/second|minute/);
    } else {
      await expect(label).toContainText(/\d+ (second|minute)s?|less than/);
    }
  }
  await page.screenshot({
    path: test.info().outputPath(`scaffolder-${what}-task.png`),
    fullPage: true,
  });
  return openInCatalog;
}

/** The generated docs, built by the portal on first visit, as a person sees them. */
async function expectDocs(page: Page, name: string, text: string) {
  await timed(`docs of ${name}`, async () => {
    await page.goto(`/docs/default/component/${name}`);
    await expectSeen(
      // The article, not the hidden navigation copies of its headings.
      page
        .getByTestId('techdocs-native-shadowroot')
        .locator('article')
        .getByText(text)
        .first(),
      { timeout: 240_000 },
    );
  });
  await page.screenshot({
    path: test
      .info()
      .outputPath(`scaffolder-${name.split('-').pop()}-docs.png`),
  });
}

/** The component's row of the health overview: a new component is not deployed yet, not OK. */
async function expectNotDeployedYet(page: Page, name: string) {
  const cell = page.locator(
    `[data-testid="health-level"][data-component="${name}"]`,
  );
  await timed(`health row of ${name}`, async () => {
    // The overview lists catalog components; a new one joins after the catalog has it.
    await expect(async () => {
      await page.goto('/health');
      await expect(cell).toBeVisible({ timeout: 20_000 });
    }).toPass({ timeout: 180_000 });
  });
  const row = page.getByRole('row').filter({ has: cell });
  await expectSeen(row.getByText('not deployed yet').first());
  await expect(cell).toHaveAttribute('data-level', 'not-deployed');
  await expect(row).not.toContainText(/0\/0 ready/);
  await page.screenshot({
    path: test
      .info()
      .outputPath(`scaffolder-${name.split('-').pop()}-health.png`),
  });
}

/** What the unprocessed-entities list (failed and pending) says about an entity. */
async function unprocessed(request: APIRequestContext, entityRef: string) {
  const headers = bearer(await tokenOf(request, 'guest'));
  const found: string[] = [];
  for (const state of ['failed', 'pending']) {
    const { entities } = await (
      await request.get(
        `${BACKEND}/api/catalog/entities/unprocessed/${state}`,
        { headers },
      )
    ).json();
    for (const e of entities) {
      const ref = `${e.unprocessed_entity.kind}:${
        e.unprocessed_entity.metadata.namespace ?? 'default'
      }/${e.unprocessed_entity.metadata.name}`.toLowerCase();
      if (ref === entityRef) found.push(state);
    }
  }
  return found;
}

/** Nothing on the page warns of relations to entities the catalog does not have (e.g. a missing API). */
async function expectNoMissingRelations(page: Page, loaded: Locator) {
  await expectSeen(loaded);
  await expect(
    page.getByText("has relations to other entities, which can't be found"),
  ).toHaveCount(0);
}

// Runs the templates for real in the embedded default: the local publisher
// writes a git repository, the catalog registers it itself, and the task ends
// when the catalog lists what it declares. Then what a developer opens next.
test.describe('what the scaffolder creates works in the portal', () => {
  // Unique per run: published repositories outlive the e2e database.
  const run = Date.now().toString(36);

  test('a backend service: component page, API, docs and health row', async ({
    page,
    request,
  }) => {
    test.setTimeout(900_000);
    const name = `e2e${run}-service`;
    const title = `E2e${run} Service`;
    await signInAsGuest(page);
    await fillComponentStep(
      page,
      await openTemplate(page, 'backend-service'),
      name,
    );
    await page.getByRole('button', { name: 'Next' }).click();
    await pick(page, 'CI/CD pipeline', 'None (add one later)');
    const openInCatalog = await create(page, request, 'service', [
      'Render the pipeline',
      'Publish to GitHub',
      'Register the GitHub repository in the catalog',
    ]);

    // The component page: no warning of a missing API, its API listed.
    await openInCatalog.click();
    await expectSeen(page.getByRole('heading', { name: title }).first());
    const apiLink = page.getByRole('link', { name: `${title} API` }).first();
    await expectNoMissingRelations(page, apiLink);
    await expectSeen(page.getByRole('link', { name: 'Team Commerce' }).first());
    await page.screenshot({
      path: test.info().outputPath('scaffolder-service-page.png'),
    });

    // Its API: processed (not among the unprocessed entities) and its definition rendered.
    expect(await unprocessed(request, `api:default/${name}-api`)).toEqual([]);
    await apiLink.click();
    await expectSeen(
      page.getByRole('heading', { name: `${title} API` }).first(),
    );
    // The API page renders the definition (swagger-ui) on its overview.
    await expectSeen(page.getByText('Read one record').first());
    await page.screenshot({
      path: test.info().outputPath('scaffolder-service-api.png'),
    });

    await expectDocs(page, name, 'Run locally');
    await expectNotDeployedYet(page, name);
  });

  test('a micro-frontend: component page, docs and health row', async ({
    page,
    request,
  }) => {
    test.setTimeout(900_000);
    const name = `e2e${run}-mfe`;
    const title = `E2e${run} Mfe`;
    await signInAsGuest(page);
    await fillComponentStep(
      page,
      await openTemplate(page, 'micro-frontend'),
      name,
    );
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('checkbox', { name: /Generate Terraform/ }).uncheck();
    const openInCatalog = await create(page, request, 'mfe', [
      'Render the Terraform',
      'Publish to GitHub',
      'Register the GitHub repository in the catalog',
    ]);

    await openInCatalog.click();
    const heading = page.getByRole('heading', { name: title }).first();
    await expectNoMissingRelations(page, heading);
    await expectSeen(page.getByRole('link', { name: 'Team Commerce' }).first());
    await page.screenshot({
      path: test.info().outputPath('scaffolder-mfe-page.png'),
    });

    await expectDocs(
      page,
      name,
      "An Angular micro-frontend loaded by the store's shell",
    );
    await expectNotDeployedYet(page, name);
  });
});
