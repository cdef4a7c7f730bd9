import fs from 'node:fs/promises';
import { Locator, Page } from '@playwright/test';
import { expectHeadersOnOneLine } from './entityPage';
import { expect, expectSeen, test } from './seen';
import { signInAs } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

// The page header's title is a link named like the page, so look in the sidebar.
const sidebarLink = (page: Page, name: string) =>
  page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name, exact: true });

/** A filter's select: named by its label and its value ("Severity All"), unlike the column heading. */
const filter = (page: Page, label: string) =>
  page.getByRole('button', { name: new RegExp(`^${label} `) });

async function choose(page: Page, label: string, option: string) {
  await filter(page, label).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** The text of one column on the current page, by its heading. */
async function columnTexts(table: Locator, heading: string) {
  const headings = await table.locator('thead th').allInnerTexts();
  const index = headings.findIndex(
    text => text.trim().toLowerCase() === heading.toLowerCase(),
  );
  expect(index, `column ${heading} in ${headings}`).toBeGreaterThanOrEqual(0);
  return table
    .locator(`tbody tr td:nth-child(${index + 1})`)
    .allInnerTexts()
    .then(texts => texts.map(text => text.trim()));
}

/** "12 findings in 5 components" → 12 */
async function shownCount(page: Page) {
  const text = await page.getByTestId('findings-summary').innerText();
  return Number(/^(\d+) findings in \d+ components$/.exec(text)![1]);
}

// The embedded default serves the demo source: secrets and roles simulated
// from store-services/ (never any secret value). Entity page tabs are links.
test.describe('Access audit in the embedded default', () => {
  test('an auditor pages, sorts and filters the findings, keeps the filters over a reload and exports what is shown', async ({
    page,
  }) => {
    await signInAs(page, 'Auditor');
    await sidebarLink(page, 'Access audit').click();
    await expect(page).toHaveURL(/\/access-audit$/);
    // Time to visible content, from a fresh load of the page.
    const started = Date.now();
    await page.reload();
    const table = page.locator('table').filter({ has: page.locator('tbody') });
    await expectSeen(page.getByTestId('findings-summary'));
    await expectSeen(table.locator('tbody tr').first());
    test.info().annotations.push({
      type: 'time to visible content',
      description: `/access-audit: ${Date.now() - started} ms`,
    });
    await expectSeen(page.getByTestId('demo-data-banner'));
    await page.screenshot({ path: test.info().outputPath('access-audit.png') });

    // Paged: 20 rows and a page a person can scroll, not 35,000 px.
    const total = await shownCount(page);
    expect(total).toBeGreaterThan(100);
    await expect(table.locator('tbody tr')).toHaveCount(20);
    const height = await page.evaluate(
      () => document.scrollingElement!.scrollHeight,
    );
    // 20 rows, some with evidence wrapped over five lines: a few screens, not the
    // ~30,000 px every finding at once would take.
    expect(height).toBeLessThan(5000);
    test.info().annotations.push({
      type: 'page height',
      description: `${height} px for ${total} findings`,
    });
    await expectSeen(page.getByRole('button', { name: 'Next Page' }));
    // Headings stay on one line, never broken inside a word.
    await expectHeadersOnOneLine(table);
    // The whole table fits 1440 px: nothing scrolls sideways or is cut off.
    const tooWide = await table.evaluate(element => {
      const wide: string[] = [];
      for (let box: Element | null = element; box; box = box.parentElement) {
        if (box.scrollWidth > box.clientWidth + 1) {
          wide.push(`${box.tagName}: ${box.scrollWidth} > ${box.clientWidth}`);
        }
      }
      return wide;
    });
    expect(tooWide, 'elements wider than their box').toEqual([]);
    await expectSeen(table.getByRole('button', { name: 'Environment' }));
    // Every filter shows its value; the exports sit on one row beside the summary.
    await expect(filter(page, 'Finding')).toHaveText('All');
    const exportAll = (format: string) =>
      page.getByRole('button', { name: `Export all ${total} as ${format}` });
    await expectSeen(exportAll('CSV'));
    await expectSeen(exportAll('JSON'));
    const csvBox = (await exportAll('CSV').boundingBox())!;
    expect((await exportAll('JSON').boundingBox())!.y).toBe(csvBox.y);
    const summaryBox = (await page
      .getByTestId('findings-summary')
      .boundingBox())!;
    expect(csvBox.y).toBeLessThan(summaryBox.y + summaryBox.height);

    // Sorted by component: the page is in order of the component names.
    await table.getByRole('button', { name: 'Component', exact: true }).click();
    const names = await columnTexts(table, 'Component');
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en')));

    // The finding filter reads as titles; the URL keeps every filter.
    await filter(page, 'Finding').click();
    const titles = await page
      .getByRole('listbox')
      .getByRole('option')
      .allInnerTexts();
    expect(titles).toContain('Rotation disabled');
    expect(titles.filter(title => /^[a-z]+(-[a-z]+)+$/.test(title))).toEqual(
      [],
    );
    await page.getByRole('option', { name: 'Rotation disabled' }).click();
    await choose(page, 'Severity', 'high');
    await expect(page).toHaveURL(/type=rotation-disabled/);
    await expect(page).toHaveURL(/severity=high/);
    const filtered = await shownCount(page);
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(total);
    expect(new Set(await columnTexts(table, 'Finding'))).toEqual(
      new Set(['Rotation is disabled']),
    );

    await page.reload();
    await expectSeen(table.locator('tbody tr').first());
    expect(await shownCount(page)).toBe(filtered);
    await expect(filter(page, 'Finding')).toHaveText('Rotation disabled');
    await expect(filter(page, 'Severity')).toHaveText('high');
    await page.screenshot({
      path: test.info().outputPath('access-audit-filtered.png'),
    });

    // The export holds exactly what the filters show.
    const exportCsv = page.getByRole('button', {
      name: `Export ${filtered} filtered as CSV`,
    });
    await expectSeen(exportCsv);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      exportCsv.click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      /^access-audit-findings-.*\.csv$/,
    );
    const csv = await fs.readFile((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split('\n');
    expect(header).toMatch(/^Severity,Finding,Title,Evidence,Component/);
    expect(rows).toHaveLength(filtered);
    expect(rows.every(row => row.startsWith('high,rotation-disabled,'))).toBe(
      true,
    );

    const exportJson = page.getByRole('button', {
      name: `Export ${filtered} filtered as JSON`,
    });
    const [jsonDownload] = await Promise.all([
      page.waitForEvent('download'),
      exportJson.click(),
    ]);
    expect(jsonDownload.suggestedFilename()).toMatch(
      /^access-audit-findings-.*\.json$/,
    );
    const exported: { findings: { severity: string; type: string }[] } =
      JSON.parse(await fs.readFile((await jsonDownload.path())!, 'utf8'));
    expect(exported.findings).toHaveLength(filtered);
    expect(
      exported.findings.filter(
        f => f.severity !== 'high' || f.type !== 'rotation-disabled',
      ),
    ).toEqual([]);

    // A component name leads to its entity page.
    const firstRow = table.locator('tbody tr').first();
    const component = firstRow.getByRole('link').first();
    const componentName = await component.innerText();
    await component.click();
    await expect(page).toHaveURL(/\/catalog\/default\/component\/[a-z-]+$/);
    await expectSeen(
      page.getByRole('heading', { name: componentName }).first(),
    );
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
    // Every reader with its kind (role, user, group) and why it reads.
    await expect(
      secrets.getByText(/^role inbestment-platform-admin\b/).first(),
    ).toBeVisible();
    await expect(
      secrets.getByText('user oncall-alice (metadata only)').first(),
    ).toBeVisible();
    await expect(
      secrets
        .getByText(
          'via group:inbestment-oncall inline:describe-store-secrets; member of inbestment-oncall',
        )
        .first(),
    ).toBeVisible();
    await expect(
      secrets
        .getByText(
          'via inline:describe-store-secrets; members: oncall-alice, oncall-bob',
        )
        .first(),
    ).toBeVisible();
    // Its boundary allows no secret value: the legacy bot reads nothing.
    await expect(secrets.getByText(/legacy-deploy-bot/)).toHaveCount(0);
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
    await expectSeen(page.getByTestId('access-audit-not-allowed'));
    await expect(page.getByText('Not allowed', { exact: true })).toBeVisible();
    await expect(page.getByTestId('findings-summary')).toHaveCount(0);
    // The decision is in by now, so the sidebar has settled without the item.
    await expect(sidebarLink(page, 'Catalog')).toBeVisible();
    await expect(sidebarLink(page, 'Access audit')).toHaveCount(0);
  });
});
