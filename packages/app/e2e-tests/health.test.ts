import fs from 'node:fs';
import path from 'node:path';
import { Locator, Page } from '@playwright/test';
import { BACKEND, bearer, tokenOf } from './backendApi';
import { expect, expectSeen, test } from './seen';
import { signInAs } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

const LEVEL_ORDER = ['critical', 'warning', 'unknown', 'not-deployed', 'ok'];

/** Each row of the overview as the health cell describes it, top to bottom. */
async function rowsOf(page: Page) {
  return page.getByTestId('health-level').evaluateAll(cells =>
    cells.map(cell => ({
      name: cell.getAttribute('data-component') ?? '',
      level: cell.getAttribute('data-level') ?? '',
      mine: cell.getAttribute('data-mine') === 'true',
    })),
  );
}

const ranks = (rows: { level: string }[]) =>
  rows.map(row => LEVEL_ORDER.indexOf(row.level));
const isSorted = (numbers: number[]) =>
  numbers.every((n, i) => i === 0 || numbers[i - 1] <= n);

/** Opens the overview and reports how long until a person sees its first row. */
async function openOverview(page: Page, url = '/health') {
  const started = Date.now();
  await page.goto(url);
  // A cold overview (caches empty) can take a while on a busy 2-core machine.
  await expectSeen(page.getByTestId('health-level').first(), {
    timeout: 60_000,
  });
  const ms = Date.now() - started;
  test.info().annotations.push({
    type: 'time to visible content',
    description: `${url}: ${ms} ms`,
  });
  return ms;
}

// The embedded default serves the demo source, so the overview combines the
// simulated alarms, deployments and WAF events of all 28 store components.
test.describe('On-call health overview in the embedded default', () => {
  test('on call: worst first by the Health column, one entry per system, filters and sort kept in the URL', async ({
    page,
  }) => {
    // Several full reloads of the app: slow on a busy 2-core machine.
    test.slow();
    await signInAs(page, 'On-call');
    await page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Health', exact: true })
      .click();
    await expect(page).toHaveURL(/\/health$/);
    await expectSeen(page.getByTestId('health-level').first());
    await openOverview(page);
    await expectSeen(page.getByTestId('demo-data-banner'));
    await expectSeen(page.getByTestId('health-counts'));
    await page.screenshot({ path: test.info().outputPath('health.png') });

    // The 28 bundled components, plus any the browser tests registered.
    const all = await rowsOf(page);
    expect(all.length).toBeGreaterThanOrEqual(28);
    expect(ranks(all).every(rank => rank >= 0)).toBe(true);
    // The on-call engineer's team (team-commerce) first, each part worst first.
    const firstOther = all.findIndex(row => !row.mine);
    expect(firstOther).toBeGreaterThan(0);
    expect(all.slice(firstOther).every(row => !row.mine)).toBe(true);
    expect(isSorted(ranks(all.slice(0, firstOther)))).toBe(true);
    expect(isSorted(ranks(all.slice(firstOther)))).toBe(true);
    expect(all.some(r => r.level === 'critical' || r.level === 'warning')).toBe(
      true,
    );

    // The Health column sorts the whole store worst first; the URL keeps it.
    await page.getByRole('button', { name: 'Health', exact: true }).click();
    await expect(page).toHaveURL(/sort=health&dir=asc/);
    // The URL changes before the table re-renders: poll until it has.
    const sortedWorstFirst = async () => {
      const rows = await rowsOf(page);
      return rows.length > 0 && isSorted(ranks(rows)) ? rows[0].level : '';
    };
    await expect.poll(sortedWorstFirst).toBe('critical');
    await page.reload();
    await expectSeen(page.getByTestId('health-level').first());
    await expect.poll(sortedWorstFirst).toBe('critical');

    // One entry per system, by title, however the specs spell it.
    await page.getByRole('button', { name: 'System' }).click();
    const options = page.getByRole('listbox').getByRole('option');
    await expectSeen(options.first());
    const systems = await options.allInnerTexts();
    expect(systems[0]).toBe('All');
    expect(new Set(systems).size).toBe(systems.length);
    expect(systems.filter(s => s.includes(':'))).toEqual([]);
    expect(systems).toContain('Commerce');
    await page.getByRole('option', { name: 'Commerce', exact: true }).click();
    await expect(page).toHaveURL(/system=commerce/);
    const counts = page.getByTestId('health-counts');
    await expect(counts).toHaveText(/^\d+ of \d+ components: \d+ critical/);
    const commerce = await rowsOf(page);
    expect(commerce.length).toBeLessThan(all.length);
    expect(await counts.innerText()).toMatch(
      new RegExp(`^${commerce.length} of ${all.length} components`),
    );

    // Problems only narrows further; a reload keeps every filter and the sort.
    await page.getByLabel('Problems only').check();
    await expect(page).toHaveURL(/problems=true/);
    const problems = await rowsOf(page);
    expect(
      problems.every(r => r.level === 'critical' || r.level === 'warning'),
    ).toBe(true);
    const filteredUrl = page.url();
    await page.reload();
    await expect(counts).toBeVisible();
    expect(page.url()).toBe(filteredUrl);
    // The counts can show before the rows do: poll until the rows are back.
    await expect.poll(() => rowsOf(page)).toEqual(problems);
    await expect(page.getByLabel('Problems only')).toBeChecked();
    await expect(page.getByRole('button', { name: 'System' })).toHaveText(
      'Commerce',
    );

    // A row links into the component's page.
    await page.goto('/health?sort=health&dir=asc');
    const first = page.getByTestId('health-level').first();
    await expectSeen(first);
    const name = await first.getAttribute('data-component');
    await page
      .getByRole('row')
      .filter({ has: first })
      .getByRole('link')
      .first()
      .click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}$`),
    );
  });

  test("a developer sees their own team's components first", async ({
    page,
  }) => {
    test.slow();
    await signInAs(page, 'Developer');
    await openOverview(page);
    await expectSeen(
      page.getByText(/Your teams first \(Team Commerce\), then worst first/),
    );
    const rows = await rowsOf(page);
    const firstOther = rows.findIndex(row => !row.mine);
    expect(firstOther).toBeGreaterThan(0);
    expect(rows.slice(firstOther).every(row => !row.mine)).toBe(true);
    // The first row is seen, owned by their team.
    const top = page.getByRole('row').filter({
      has: page.locator(
        `[data-testid=health-level][data-component=${rows[0].name}]`,
      ),
    });
    await expectSeen(top.getByRole('link', { name: 'Team Commerce' }));
    await page.screenshot({
      path: test.info().outputPath('health-developer.png'),
    });
  });

  /** Each item can be brought into view inside the card and is then wholly inside it. */
  async function expectNoItemClipped(card: Locator) {
    const items = card.getByTestId('red-now-item');
    const cardBox = (await card.boundingBox())!;
    for (const item of await items.all()) {
      await expectSeen(item);
      const box = (await item.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(cardBox.y);
      expect(box.y + box.height).toBeLessThanOrEqual(
        cardBox.y + cardBox.height,
      );
    }
    // The link to the overview stays below the list, in view.
    await expectSeen(
      card.getByRole('link', { name: 'Open the health overview' }),
    );
  }

  const redNowCard = (page: Page) =>
    page.locator('.MuiCard-root').filter({ hasText: 'Red right now' });

  test('the home page card lists everything red, nothing clipped, with the link in view', async ({
    page,
  }) => {
    test.slow();
    await signInAs(page, 'On-call');
    await page.goto('/');
    const card = redNowCard(page);
    await expectSeen(card.getByTestId('red-now-summary'), { timeout: 60_000 });
    const items = card.getByTestId('red-now-item');
    await page.screenshot({ path: test.info().outputPath('home-red.png') });

    // As many items as the overview has critical and warning rows.
    const token = await tokenOf(page.request, 'demo-oncall');
    const overview = await (
      await page.request.get(`${BACKEND}/api/ops-health/components`, {
        headers: bearer(token),
      })
    ).json();
    const red = overview.components.filter(
      (c: { level: string }) => c.level === 'critical' || c.level === 'warning',
    );
    await expect(items).toHaveCount(red.length);
    await expectNoItemClipped(card);
    await card.getByRole('link', { name: 'Open the health overview' }).click();
    await expect(page).toHaveURL(/\/health$/);
  });

  test('the home page card scrolls a long list of red components inside its cell', async ({
    page,
  }) => {
    test.slow();
    // The demo has a few red components at a time; this browser gets the real
    // overview with twelve of them turned red, to lay out a long list.
    await page.route('**/api/ops-health/components', async route => {
      const response = await route.fetch();
      const overview = await response.json();
      overview.components = overview.components.map(
        (component: { level: string; reasons: string[] }, index: number) =>
          index < 12
            ? {
                ...component,
                level: index % 3 ? 'critical' : 'warning',
                reasons: [`crafted reason ${index + 1}`],
              }
            : component,
      );
      await route.fulfill({ response, json: overview });
    });
    await signInAs(page, 'On-call');
    await page.goto('/');
    const card = redNowCard(page);
    await expectSeen(card.getByTestId('red-now-summary'), { timeout: 60_000 });
    await expect(card.getByTestId('red-now-summary')).toHaveText(
      /^12 of \d+ components need a look: 8 critical, 4 warning\./,
    );
    await expect(card.getByTestId('red-now-item')).toHaveCount(12);
    await page.screenshot({
      path: test.info().outputPath('home-red-many.png'),
    });
    // More than the cell shows at once: the list scrolls, the card keeps its size.
    const content = card.locator('.MuiCardContent-root');
    const scroll = await content.evaluate(element => ({
      scrollHeight: element.scrollHeight,
      clientHeight: element.clientHeight,
    }));
    expect(scroll.scrollHeight).toBeGreaterThan(scroll.clientHeight);
    await expectNoItemClipped(card);
    await page.screenshot({
      path: test.info().outputPath('home-red-many-scrolled.png'),
    });
  });
});

// A service created from the template but never deployed: a generated
// repository, registered by the catalog itself, with no workload anywhere.
const PUBLISH_DIR = path.resolve(
  __dirname,
  '../../../data/e2e/generated-repos',
);
const FRESH = `fresh-${Date.now().toString(36)}-service`;
const FRESH_REPO = path.join(PUBLISH_DIR, FRESH);

test.describe('A never-deployed service in the health overview', () => {
  test.beforeAll(() => {
    fs.mkdirSync(FRESH_REPO, { recursive: true });
    fs.writeFileSync(
      path.join(FRESH_REPO, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${FRESH}
  annotations:
    backstage.io/kubernetes-id: ${FRESH}
    backstage.io/kubernetes-namespace: inbestment
    aws-ops.io/environments: prod,staging
spec:
  type: service
  lifecycle: experimental
  owner: group:default/team-commerce
  system: system:default/commerce
`,
    );
  });
  test.afterAll(() => fs.rmSync(FRESH_REPO, { recursive: true, force: true }));

  test('shows "not deployed yet", not OK and never "0/0 ready"', async ({
    page,
  }) => {
    await signInAs(page, 'Developer');
    const cell = page.locator(
      `[data-testid=health-level][data-component=${FRESH}]`,
    );
    // The catalog picks the repository up within seconds; reload until it is in.
    await expect(async () => {
      await page.goto('/health?system=commerce');
      await expectSeen(page.getByTestId('health-level').first());
      await expect(cell).toHaveCount(1, { timeout: 1000 });
    }).toPass({ timeout: 90_000 });
    await expect(cell).toHaveAttribute('data-level', 'not-deployed');
    const row = page.getByRole('row').filter({ has: cell });
    await expectSeen(row.getByText('Not deployed yet', { exact: true }));
    await expectSeen(row.getByText('not deployed yet', { exact: true }));
    await expect(row.getByText(/0\/0/)).toHaveCount(0);
    await expect(row.getByText('OK', { exact: true })).toHaveCount(0);
    // The one system entry covers `commerce` and `system:default/commerce`.
    await expect(page.getByTestId('health-counts')).toHaveText(
      /\d+ not deployed yet/,
    );
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: test.info().outputPath('health-not-deployed.png'),
    });
  });
});
