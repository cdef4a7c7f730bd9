import { Page, test, expect } from '@playwright/test';
import fs from 'node:fs/promises';
import { signInAs } from './signIn';

// The page header's title is a link named like the page, so look in the sidebar.
const sidebarLink = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });

// The embedded default serves the demo source: secrets and roles simulated
// from store-services/ (never any secret value). Entity page tabs are links.
test.describe('Access audit in the embedded default', () => {
  test('an auditor opens the store-wide findings, filters them and exports CSV', async ({
    page,
  }) => {
    await signInAs(page, 'Auditor');
    await sidebarLink(page, 'Access audit').click();
    await expect(page).toHaveURL(/\/access-audit$/);
    await expect(page.getByTestId('demo-data-banner')).toBeVisible();

    const findings = page.getByRole('table', { name: 'Findings' });
    await expect(findings.getByText('high').first()).toBeVisible();
    await expect(findings.getByText('medium').first()).toBeVisible();
    await expect(
      page.getByText(/\d+ findings in \d+ components/),
    ).toBeVisible();

    await page.getByRole('button', { name: /Severity/ }).click();
    await page.getByRole('listbox').getByText('high', { exact: true }).click();
    await expect(findings.getByText('medium')).toHaveCount(0);
    await expect(findings.getByText('high').first()).toBeVisible();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^access-audit-findings-.*\.csv$/,
    );
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toMatch(/^Severity,Finding,Title,Evidence,Component/);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(row => row.startsWith('high,'))).toBe(true);
  });

  test("an auditor sees any component's secrets and who can read them", async ({
    page,
  }) => {
    await signInAs(page, 'Auditor');
    await page.goto('/catalog/default/component/recommendation-service');
    await page.getByRole('link', { name: 'Access', exact: true }).click();
    await expect(page.getByTestId('demo-data-banner')).toBeVisible();
    const secrets = page.getByRole('table', { name: 'Secrets' }).first();
    await expect(
      secrets.getByText(/^inbestment\/recommendation-service\//).first(),
    ).toBeVisible();
    await expect(
      secrets.getByText('inbestment-recommendation-service (own role)').first(),
    ).toBeVisible();
    await expect(
      page
        .getByText(
          /service account inbestment\/recommendation-service through oidc\.eks\./,
        )
        .first(),
    ).toBeVisible();
  });

  test('a developer does not see the findings page', async ({ page }) => {
    await signInAs(page, 'Developer');
    await page.goto('/access-audit');
    await expect(page.getByTestId('access-audit-not-allowed')).toBeVisible();
    await expect(page.getByText('Not allowed', { exact: true })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Findings' })).toHaveCount(0);
    // The decision is in by now, so the sidebar has settled without the item.
    await expect(sidebarLink(page, 'Catalog')).toBeVisible();
    await expect(sidebarLink(page, 'Access audit')).toHaveCount(0);
  });
});
