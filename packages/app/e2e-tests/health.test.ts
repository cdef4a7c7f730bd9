import { test, expect } from '@playwright/test';
import { signInAs } from './signIn';

const LEVEL_ORDER = ['critical', 'warning', 'unknown', 'ok'];

// The embedded default serves the demo source, so the overview combines the
// simulated alarms, deployments and WAF events of all 28 store components.
test.describe('On-call health overview in the embedded default', () => {
  // On-call engineers see every component's AWS views; a developer only their team's.
  test.beforeEach(async ({ page }) => {
    await signInAs(page, 'On-call');
  });

  test('lists all 28 store components worst first, labelled as demo data', async ({
    page,
  }) => {
    await page.getByRole('link', { name: 'Health', exact: true }).click();
    await expect(page).toHaveURL(/\/health$/);
    await expect(page.getByTestId('demo-data-banner')).toBeVisible();
    const rows = page.getByTestId('health-row');
    // The 28 bundled components, plus any the browser tests registered
    // (a scaffolded service, the script-injection fixture).
    await expect(rows.nth(27)).toBeVisible();
    expect(await rows.count()).toBeGreaterThanOrEqual(28);
    const levels = await rows.evaluateAll(elements =>
      elements.map(e => e.getAttribute('data-level') ?? ''),
    );
    const ranks = levels.map(level => LEVEL_ORDER.indexOf(level));
    expect(ranks.every(rank => rank >= 0)).toBe(true);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(levels.some(l => l === 'critical' || l === 'warning')).toBe(true);

    // Problems only keeps the red and amber rows.
    await page.getByLabel('Problems only').check();
    const problems = await rows.evaluateAll(elements =>
      elements.map(e => e.getAttribute('data-level')),
    );
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.length).toBeLessThan(28);
    expect(
      problems.every(level => level === 'critical' || level === 'warning'),
    ).toBe(true);

    // A row links into the component's page.
    const first = rows.first();
    const name = await first.getAttribute('data-component');
    await first.getByRole('link').first().click();
    await expect(page).toHaveURL(
      new RegExp(`/catalog/default/component/${name}`),
    );
  });

  test('the home page card lists what is red right now', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText('Red right now')).toBeVisible();
    await expect(page.getByTestId('red-now-item').first()).toBeVisible();
    await page.getByRole('link', { name: 'Open the health overview' }).click();
    await expect(page).toHaveURL(/\/health$/);
  });
});
