import { Page } from '@playwright/test';
import { expect, expectSeen, test } from './seen';
import { expectHeadersOnOneLine, openEntityTab } from './entityPage';
import { signInAs, signInAsGuest } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

/** The row of the Alarms table that shows `alarm` in `environment`. */
const alarmRow = (page: Page, alarm: string, environment: string) =>
  page
    .getByRole('table', { name: 'Alarms' })
    .getByRole('row')
    .filter({ has: page.getByTestId(`alarm-${alarm}-${environment}`) });

// The embedded default serves the demo source: alarms simulated from
// store-services/ in prod and staging. The guest is a developer of
// team-commerce, so it sees that team's alarms only. Entity page tabs are links.
test.describe('Alarms tab in the embedded default', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test("a service of the guest's team lists its alarms in a table with states and charts, labelled as demo data", async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await expectSeen(
      page.getByTestId('alarms-card').getByTestId('alarm-counts'),
    );

    const errorRate = alarmRow(page, 'checkout-service-5xx-rate', 'prod');
    await openEntityTab(page, 'Alarms', errorRate.getByTestId('metric-chart'));
    await expect(page).toHaveURL(/\/checkout-service\/alarms$/);
    await expect(page.getByTestId('demo-data-banner')).toHaveCount(1);
    await expectSeen(page.getByTestId('demo-data-banner'));

    await expectSeen(errorRate.getByText('OK', { exact: true }));
    await expectSeen(errorRate.getByText(/Threshold Crossed/).first());
    await expectSeen(
      errorRate.getByText(/Sum over 60 s ≥ 25 for 3 of 3 periods/).first(),
    );
    // The chart is drawn at the alarm's own statistic and period.
    await expect(errorRate.getByTestId('metric-chart-basis')).toHaveText(
      'Sum per 1 min',
    );
    // The composite alarm shows its rule; its state follows the prod rollouts.
    const health = alarmRow(page, 'checkout-service-health', 'prod');
    await expectSeen(
      health.getByText(
        'ALARM("checkout-service-5xx-rate") OR ALARM("checkout-service-latency-p99")',
      ),
    );
    await expectSeen(health.getByText(/^(ALARM|OK)$/));
    await expectHeadersOnOneLine(page.getByRole('table', { name: 'Alarms' }));
    await page.screenshot({ path: test.info().outputPath('tab-alarms.png') });

    // The table's search narrows it to the matching alarms.
    await page.getByPlaceholder('Filter').fill('latency');
    await expectSeen(
      alarmRow(page, 'checkout-service-latency-p99', 'prod').getByTestId(
        'metric-chart',
      ),
    );
    await expect(errorRate).toHaveCount(0);
    await page.getByPlaceholder('Filter').fill('');

    // Another window reloads the charts.
    await page.getByRole('button', { name: '24h' }).click();
    await expect(page.getByRole('button', { name: '24h' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expectSeen(errorRate.getByTestId('metric-chart'));
    // 24 h of a 60 s alarm is 1,440 points: still at the alarm's period.
    await expect(errorRate.getByTestId('metric-chart-basis')).toHaveText(
      'Sum per 1 min',
    );
  });

  test('a micro-frontend has an Alarms tab too', async ({ page }) => {
    await page.goto('/catalog/default/component/cart-mfe/alarms');
    await expectSeen(
      alarmRow(page, 'cart-mfe-js-errors', 'prod').getByText('OK', {
        exact: true,
      }),
    );
  });

  test('on-call sees recommendation-service firing in staging, worst first', async ({
    page,
  }) => {
    // on-call engineers see every team's components
    await page.evaluate(() => localStorage.clear());
    await signInAs(page, 'On-call');
    await page.goto('/catalog/default/component/recommendation-service/alarms');
    // Its crash-looping pod in staging (the EKS demo) keeps this alarm firing,
    // except at minutes 46-49 of each hour, after a new rollout replaced the pod.
    const firing = alarmRow(
      page,
      'recommendation-service-pod-restarts',
      'staging',
    );
    const minute = new Date().getUTCMinutes();
    if (minute >= 45 && minute <= 49) {
      await expectSeen(firing.getByText(/^(ALARM|OK)$/));
      return;
    }
    await expectSeen(firing.getByText('ALARM', { exact: true }));
    await expectSeen(firing.getByTestId('metric-chart'));
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
    const denied = page.getByTestId('alarms-not-allowed');
    await expectSeen(denied);
    await expectSeen(
      denied.getByText(
        'Not allowed to read the CloudWatch alarms of component:default/recommendation-service',
      ),
    );
    await expect(
      page.locator('[data-testid^="alarm-recommendation"]'),
    ).toHaveCount(0);
  });
});
