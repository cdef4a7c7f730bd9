import { test, expect } from '@playwright/test';
import { signInAsGuest } from './signIn';

// The embedded default serves the demo source: WAF logs simulated from
// store-services/. The guest (demo-developer of team-commerce) may read the
// WAF events of the components team-commerce owns. Entity page tabs are links.
test.describe('Security events tab in the embedded default', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("a service shows its web ACL's blocked requests, labelled as demo data", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await page
      .getByRole('link', { name: 'Security events', exact: true })
      .click();
    await expect(page.getByTestId('demo-data-banner')).toBeVisible();
    await expect(
      page.getByText('inbestment-alb', { exact: true }),
    ).toBeVisible();
    await expect(
      page.getByText('/api/checkout/', { exact: true }),
    ).toBeVisible();

    await page.getByRole('button', { name: '24h', exact: true }).click();
    await expect(page.getByText(/^\d+ blocked$/)).toBeVisible();
    const blocked = page.getByRole('table', {
      name: 'Recent blocked requests',
    });
    await expect(blocked).toBeVisible();
    await expect(blocked.getByText('RateLimitCheckout').first()).toBeVisible();
    await expect(
      blocked.getByText('/api/checkout/orders').first(),
    ).toBeVisible();

    // Expanded headers never show credentials.
    await page
      .getByRole('button', { name: 'Show request headers' })
      .first()
      .click();
    await expect(
      page.getByRole('table', { name: 'Request headers' }),
    ).toBeVisible();
    await expect(page.getByText(/^(cookie|authorization)$/i)).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Top rules' })).toBeVisible();
  });
});
