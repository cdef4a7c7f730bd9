import { test, expect } from '@playwright/test';
import { signInAs, signInAsGuest } from './signIn';

// The embedded default serves the demo source: a simulated AWS account built
// from store-services/ (prod and staging clusters). Entity page tabs are links.
test.describe('EKS tab in the embedded default', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a service shows its deployments per environment, labelled as demo data', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await expect(
      page.getByText('EKS deployments', { exact: true }),
    ).toBeVisible();

    await page.getByRole('link', { name: 'EKS', exact: true }).click();
    await expect(page.getByTestId('demo-data-banner')).toBeVisible();
    for (const environment of ['prod', 'staging']) {
      const panel = page.getByTestId(`environment-${environment}`);
      await expect(panel.getByText(/Kubernetes 1\.\d+/)).toBeVisible();
      await expect(
        panel.getByTestId('deployment-checkout-service'),
      ).toBeVisible();
      await expect(panel.getByRole('table', { name: 'pods' })).toBeVisible();
    }
    await expect(
      page.getByText(/rollout (complete|progressing)/).first(),
    ).toBeVisible();
    await expect(page.getByTestId('updated-ago')).toHaveText(
      /updated \d+ (s|min) ago/,
    );
  });

  test("another team's service is not shown to the guest", async ({ page }) => {
    // recommendation-service belongs to team-discovery, the guest to team-commerce
    await page.goto('/catalog/default/component/recommendation-service/eks');
    await expect(
      page.getByText('Request failed with 403 Forbidden').first(),
    ).toBeVisible();
    await expect(page.getByTestId('environment-staging')).toHaveCount(0);
  });

  test('a crash-looping pod in staging is visible to on-call', async ({
    page,
  }) => {
    // on-call engineers see every team's services
    await page.evaluate(() => localStorage.clear());
    await signInAs(page, 'On-call');
    await page.goto('/catalog/default/component/recommendation-service/eks');

    const staging = page.getByTestId('environment-staging');
    await expect(staging.getByText('CrashLoopBackOff')).toBeVisible();
    // The staging cluster runs the older version, near or past the end of standard support.
    await expect(
      staging.getByText(/standard support (ends|ended)/),
    ).toBeVisible();
  });

  test('micro-frontends have no EKS tab', async ({ page }) => {
    await page.goto('/catalog/default/component/cart-mfe');
    await expect(
      page.getByRole('link', { name: 'Overview', exact: true }),
    ).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'EKS', exact: true }),
    ).toHaveCount(0);
  });
});
