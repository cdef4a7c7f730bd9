import { expect, expectSeen, test } from './seen';
import { expectHeadersOnOneLine, openEntityTab } from './entityPage';
import { signInAsGuest } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

// The embedded default serves the demo source: WAF metrics and logs simulated
// from store-services/ (docs/waf.md: counts from metrics, blocked requests
// from a bounded Logs Insights sample). The guest (demo-developer of
// team-commerce) may read the WAF events of the components team-commerce owns.
// Entity page tabs are links.
test.describe('Security events tab in the embedded default', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("a service shows its web ACL's rankings and blocked requests in tables, labelled as demo data", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await expectSeen(
      page.getByTestId('waf-card').getByText(/^[\d,]+ allowed$/),
    );

    const topRules = page.getByRole('table', { name: 'Top rules' });
    await openEntityTab(
      page,
      'Security events',
      topRules.locator('tbody tr').first(),
    );
    await expect(page.getByTestId('demo-data-banner')).toHaveCount(1);
    await expectSeen(page.getByTestId('demo-data-banner'));
    await expectSeen(page.getByText('inbestment-alb', { exact: true }));
    await expectSeen(page.getByText('/api/checkout/', { exact: true }));
    // Whose counts these are, and what the blocked-requests sample is.
    await expectSeen(
      page
        .getByTestId('waf-counts-scope')
        .getByText('inbestment:component:checkout-service'),
    );
    await expectSeen(
      page
        .getByTestId('waf-sample-caption')
        .getByText(/latest 1,000 blocked requests of web ACL inbestment-alb/),
    );
    for (const name of ['Top rules', 'Top client IPs', 'Top countries']) {
      await expectHeadersOnOneLine(page.getByRole('table', { name }));
    }

    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expectSeen(page.getByText(/^[\d,]+ blocked$/));
    const blocked = page.getByRole('table', {
      name: 'Recent blocked requests',
    });
    await expectSeen(blocked.getByText('RateLimitCheckout').first());
    await expectSeen(blocked.getByText('/api/checkout/orders').first());
    await expectHeadersOnOneLine(blocked);
    await page.screenshot({
      path: test.info().outputPath('tab-security-events.png'),
    });

    // A row opens to its headers, which never show credentials.
    await blocked
      .getByRole('button', { name: 'Show request headers' })
      .first()
      .click();
    const headers = page.getByRole('table', { name: 'Request headers' });
    await expectSeen(headers.getByText(/^user-agent$/i));
    await expect(page.getByText(/^(cookie|authorization)$/i)).toHaveCount(0);
    await expectSeen(
      blocked.getByRole('button', { name: 'Hide request headers' }),
    );
  });
});
