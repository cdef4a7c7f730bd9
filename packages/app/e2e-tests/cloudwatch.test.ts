import { test, expect } from '@playwright/test';
import { signInAs, signInAsGuest } from './signIn';

// The embedded default serves the demo source: alarms simulated from
// store-services/ in prod and staging. The guest is a developer of
// team-commerce, so it sees that team's alarms only. Entity page tabs are links.
test.describe('Alarms tab in the embedded default', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("a service of the guest's team lists its alarms with states and charts, labelled as demo data", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await expect(
      page.getByText('CloudWatch alarms', { exact: true }),
    ).toBeVisible();

    await page.getByRole('link', { name: 'Alarms', exact: true }).click();
    await expect(page).toHaveURL(/\/checkout-service\/alarms$/);
    await expect(
      page.getByTestId('demo-data-banner').filter({ visible: true }).first(),
    ).toBeVisible();

    const errorRate = page.getByTestId('alarm-checkout-service-5xx-rate-prod');
    await expect(errorRate.getByText('OK', { exact: true })).toBeVisible();
    await expect(
      errorRate.getByText(/Threshold Crossed/).first(),
    ).toBeVisible();
    await expect(
      errorRate.getByText(/Sum over 60 s ≥ 25 for 3 of 3 periods/).first(),
    ).toBeVisible();
    await expect(errorRate.getByTestId('metric-chart')).toBeVisible();
    // The composite alarm shows its rule; its state follows the prod rollouts.
    const health = page.getByTestId('alarm-checkout-service-health-prod');
    await expect(
      health.getByText(
        'ALARM("checkout-service-5xx-rate") OR ALARM("checkout-service-latency-p99")',
      ),
    ).toBeVisible();
    await expect(health.getByText(/^(ALARM|OK)$/)).toBeVisible();

    // Another window reloads the charts.
    await page.getByRole('button', { name: '24h' }).click();
    await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(errorRate.getByTestId('metric-chart')).toBeVisible();
  });

  test('a micro-frontend has an Alarms tab too', async ({ page }) => {
    await page.goto('/catalog/default/component/cart-mfe/alarms');
    await expect(
      page.getByTestId('alarm-cart-mfe-js-errors-prod').getByText('OK', {
        exact: true,
      }),
    ).toBeVisible();
  });

  test('on-call sees recommendation-service firing in staging, worst first', async ({
    page,
  }) => {
    // on-call engineers see every team's components
    await page.evaluate(() => localStorage.clear());
    await signInAs(page, 'On-call');
    await page.goto('/catalog/default/component/recommendation-service/alarms');
    // Its crash-looping pod in staging (the EKS demo) keeps this alarm firing.
    const firing = page.getByTestId(
      'alarm-recommendation-service-pod-restarts-staging',
    );
    await expect(firing.getByText('ALARM', { exact: true })).toBeVisible();
    await expect(firing.getByTestId('metric-chart')).toBeVisible();
    await expect(
      page.locator('[data-testid^="alarm-recommendation-service"]').first(),
    ).toHaveAttribute(
      'data-testid',
      'alarm-recommendation-service-pod-restarts-staging',
    );
  });

  test("another team's alarms are not shown to the guest", async ({ page }) => {
    // recommendation-service belongs to team-discovery
    await page.goto('/catalog/default/component/recommendation-service/alarms');
    const denied = page
      .getByTestId('alarms-not-allowed')
      .filter({ visible: true })
      .first();
    await expect(denied).toBeVisible();
    await expect(
      denied.getByText(
        'Not allowed to read the CloudWatch alarms of component:default/recommendation-service',
      ),
    ).toBeVisible();
    await expect(
      page.locator('[data-testid^="alarm-recommendation"]'),
    ).toHaveCount(0);
  });
});
