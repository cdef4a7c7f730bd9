import { expect, expectSeen, test } from './seen';
import {
  expectHeadersOnOneLine,
  openEntityPage,
  openEntityTab,
} from './entityPage';
import { signInAsGuest } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

const CART_SERVICE = '/catalog/default/component/cart-service';

// The embedded default serves the demo source: every AWS card and tab of a
// service shows simulated data, which must be labelled, once per page.
test.describe("A service's page in the embedded default", () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('the overview shows the AWS cards with one demo-data banner; each other card a demo marker', async ({
    page,
  }) => {
    const alarms = page.getByTestId('alarms-card');
    const eks = page.getByTestId('eks-card');
    const waf = page.getByTestId('waf-card');
    await openEntityPage(
      page,
      CART_SERVICE,
      alarms.getByTestId('alarm-counts'),
    );
    await expectSeen(eks.getByTestId('summary-prod'));
    await expectSeen(waf.getByText(/^[\d,]+ allowed$/));

    // One banner on the page, seen, in the topmost card; the others are marked.
    const banner = page.getByTestId('demo-data-banner');
    await expect(banner).toHaveCount(1);
    await expectSeen(alarms.getByTestId('demo-data-banner'));
    await expectSeen(eks.getByTestId('demo-data-marker'));
    await expectSeen(waf.getByTestId('demo-data-marker'));
    await expect(eks.getByTestId('demo-data-marker')).toHaveCount(1);
    await expect(waf.getByTestId('demo-data-marker')).toHaveCount(1);
    // The production-readiness card below them is marked too once its AWS
    // facts (read from the same scenario) are in; nothing else is.
    const readinessMarkers = await page
      .getByTestId('production-readiness-card')
      .getByTestId('demo-data-marker')
      .count();
    expect(readinessMarkers).toBeLessThanOrEqual(1);
    await expect(page.getByTestId('demo-data-marker')).toHaveCount(
      2 + readinessMarkers,
    );

    // The live state comes before the catalog's relation tables.
    const top = async (locator: typeof alarms) =>
      (await locator.boundingBox())!.y;
    expect(await top(alarms)).toBeLessThan(
      await top(page.getByText('Provided APIs', { exact: true })),
    );
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: test.info().outputPath('service-page.png') });
    await page.screenshot({
      path: test.info().outputPath('service-page-full.png'),
      fullPage: true,
    });
  });

  test("the Access tab lists the service's findings and secrets in sortable tables", async ({
    page,
  }) => {
    await page.goto(CART_SERVICE);
    await expectSeen(page.getByTestId('alarms-card'));
    const findings = page.getByRole('table', { name: 'Findings' });
    await openEntityTab(page, 'Access', findings.locator('tbody tr').first());
    await expect(page.getByTestId('demo-data-banner')).toHaveCount(1);
    await expectSeen(page.getByTestId('demo-data-banner'));

    const secrets = page.getByRole('table', { name: 'Secrets' }).first();
    await expectSeen(secrets.getByText(/^inbestment\/cart-service\//).first());
    await expectSeen(
      secrets.getByText('inbestment-cart-service (own role)').first(),
    );
    await expectHeadersOnOneLine(findings);
    await expectHeadersOnOneLine(secrets);

    // Most severe first; sorting by severity twice puts the least severe first.
    const severities = () =>
      findings.locator('tbody tr td:first-child').allInnerTexts();
    expect((await severities())[0]).toBe('high');
    const severity = findings.getByRole('button', { name: 'Severity' });
    await severity.click();
    await severity.click();
    await expect.poll(async () => (await severities())[0]).toBe('low');
    await page.screenshot({ path: test.info().outputPath('tab-access.png') });
  });
});
