import { expect, expectSeen, test } from './seen';
import { expectHeadersOnOneLine, openEntityTab } from './entityPage';
import { signInAs, signInAsGuest } from './signIn';

test.use({ viewport: { width: 1440, height: 900 } });

// The embedded default serves the demo source: a simulated AWS account built
// from store-services/ (prod and staging clusters). Entity page tabs are links.
test.describe('EKS tab in the embedded default', () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test('a service shows its deployments per environment in sortable pod tables, labelled as demo data', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/checkout-service');
    await expectSeen(page.getByTestId('eks-card').getByTestId('summary-prod'));

    const prod = page.getByTestId('environment-prod');
    const prodPods = prod.getByRole('table', { name: 'pods' });
    await openEntityTab(page, 'EKS', prodPods.locator('tbody tr').first());
    await expect(page.getByTestId('demo-data-banner')).toHaveCount(1);
    await expectSeen(page.getByTestId('demo-data-banner'));
    for (const environment of ['prod', 'staging']) {
      const panel = page.getByTestId(`environment-${environment}`);
      await expectSeen(panel.getByText(/Kubernetes 1\.\d+/));
      const deployment = panel.getByTestId('deployment-checkout-service');
      await expectSeen(deployment);
      // What keeps it up through a node drain, and what each container asks for.
      await expectSeen(
        deployment.getByText(/^checkout-service: min available 1/),
      );
      await expectSeen(
        deployment.getByText('requests cpu 750m, memory 1536Mi'),
      );
      await expectSeen(deployment.getByText('limits cpu 1500m, memory 2Gi'));
      const pods = panel.getByRole('table', { name: 'pods' });
      await expectSeen(pods.getByText(/^checkout-service-/).first());
      await expectHeadersOnOneLine(pods);
    }
    await expectSeen(page.getByText(/rollout (complete|progressing)/).first());
    await expect(page.getByTestId('updated-ago')).toHaveText(
      /updated \d+ (s|min) ago/,
    );
    await page.screenshot({ path: test.info().outputPath('tab-eks.png') });

    // Sorted by restarts, the pod with the most restarts comes first on the
    // second click (ascending, then descending).
    const restarts = async () =>
      (await prodPods.locator('tbody tr td:nth-child(4)').allInnerTexts()).map(
        Number,
      );
    const before = await restarts();
    const header = prodPods.getByRole('button', { name: 'Restarts' });
    await header.click();
    await header.click();
    await expect.poll(restarts).toEqual([...before].sort((a, b) => b - a));
  });

  test("another team's service is not shown to the guest", async ({ page }) => {
    // recommendation-service belongs to team-discovery, the guest to team-commerce
    await page.goto('/catalog/default/component/recommendation-service/eks');
    await expectSeen(
      page.getByText('Request failed with 403 Forbidden').first(),
    );
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
    await expectSeen(staging.getByText('CrashLoopBackOff').first());
    // The staging cluster runs the older version, near or past the end of standard support.
    await expectSeen(staging.getByText(/standard support (ends|ended)/));
    // Never made production-ready: no PodDisruptionBudget in prod.
    await expectSeen(
      page
        .getByTestId('environment-prod')
        .getByTestId('deployment-recommendation-service')
        .getByText('none', { exact: true }),
    );
  });

  test('micro-frontends have no EKS tab', async ({ page }) => {
    await page.goto('/catalog/default/component/cart-mfe');
    await expectSeen(page.getByRole('link', { name: 'Overview', exact: true }));
    await expect(
      page.getByRole('link', { name: 'EKS', exact: true }),
    ).toHaveCount(0);
  });
});
