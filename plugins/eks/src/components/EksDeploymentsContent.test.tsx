import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';
import { screen } from '@testing-library/react';
import { EksApi, eksApiRef } from '../api';
import { EksDeploymentsContent } from './EksDeploymentsContent';

/** Core-components tables render slowly in jsdom on a busy machine. */
const RENDERED = { timeout: 10_000 };

// A test waits up to RENDERED for a table: jest's 5 s default would end it first.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service' },
};

const response: EksDeploymentsResponse = {
  source: 'demo',
  fetchedAt: new Date().toISOString(),
  entityRef: 'component:default/checkout-service',
  labelSelector: 'backstage.io/kubernetes-id=checkout-service',
  errors: [
    {
      scope: { environment: 'staging', cluster: 'inbestment-staging' },
      name: 'ServiceUnavailableError',
      message: 'Kubernetes API unreachable',
    },
  ],
  environments: [
    {
      name: 'prod',
      accountId: '111122223333',
      region: 'eu-west-1',
      namespace: 'inbestment',
      cluster: {
        name: 'inbestment-prod',
        arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/inbestment-prod',
        accountId: '111122223333',
        region: 'eu-west-1',
        kubernetesVersion: '1.34',
        platformVersion: 'eks.9',
        status: 'ACTIVE',
        versionSupport: {
          status: 'ending-soon',
          daysLeft: 9,
          endOfStandardSupport: '2026-12-02',
        },
        healthIssues: [],
        nodeGroups: [
          {
            name: 'general',
            status: 'ACTIVE',
            desiredSize: 4,
            minSize: 3,
            maxSize: 8,
            instanceTypes: ['m6i.large'],
            healthIssues: [],
          },
        ],
      },
      deployments: [
        {
          name: 'checkout-service',
          namespace: 'inbestment',
          replicas: { desired: 3, ready: 2, updated: 2, available: 2 },
          strategy: 'RollingUpdate',
          rollout: {
            state: 'progressing',
            reason: '2 of 3 new replicas have been updated',
          },
          revision: '7',
          lastRolloutAt: new Date().toISOString(),
          conditions: [],
          images: [
            {
              container: 'app',
              image: 'repo/checkout-service:1.4.2',
              repository: 'repo/checkout-service',
              tag: '1.4.2',
            },
          ],
          pods: [
            {
              name: 'checkout-service-abc-1',
              phase: 'Running',
              status: 'CrashLoopBackOff',
              readyContainers: 0,
              totalContainers: 1,
              restarts: 5,
              lastTerminationReason: 'OOMKilled',
              revision: '7',
            },
          ],
          autoscaler: {
            name: 'checkout-service',
            minReplicas: 2,
            maxReplicas: 10,
            currentReplicas: 3,
            desiredReplicas: 3,
          },
          resources: [
            {
              container: 'app',
              requests: { cpu: '250m', memory: '512Mi' },
              limits: {},
            },
          ],
          disruptionBudgets: [
            {
              name: 'checkout-service',
              minAvailable: 1,
              keepsPodAvailable: true,
              disruptionsAllowed: 1,
            },
          ],
        },
      ],
    },
    {
      name: 'staging',
      accountId: '444455556666',
      region: 'eu-west-1',
      namespace: 'inbestment',
    },
  ],
};

function render(api: EksApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[eksApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EksDeploymentsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EksDeploymentsContent', () => {
  it('shows environments, rollout, pods, version warnings, errors and the demo label', async () => {
    render({ getDeployments: async () => response });
    expect(
      await screen.findByText('rollout progressing', {}, RENDERED),
    ).toBeInTheDocument();
    expect(screen.getByTestId('demo-data-banner')).toBeInTheDocument();
    expect(
      screen.getByText(/standard support ends in 9 d/),
    ).toBeInTheDocument();
    expect(screen.getByText('CrashLoopBackOff')).toBeInTheDocument();
    expect(screen.getByText('OOMKilled')).toBeInTheDocument();
    expect(screen.getByText('1.4.2')).toBeInTheDocument();
    expect(screen.getByText(/Kubernetes API unreachable/)).toBeInTheDocument();
    expect(screen.getByText(/updated \d+ s ago/)).toBeInTheDocument();
  });

  it("shows the disruption budget and each container's requests and limits, and says what is missing", async () => {
    render({ getDeployments: async () => response });
    const deployment = await screen.findByTestId(
      'deployment-checkout-service',
      {},
      RENDERED,
    );
    expect(deployment).toHaveTextContent(
      'checkout-service: min available 1 · 1 eviction allowed now',
    );
    expect(deployment).toHaveTextContent(
      'app:requests cpu 250m, memory 512Mi·no limits',
    );
  });

  it.each([
    [
      'none',
      { disruptionBudgets: [] },
      /a node drain may evict every replica at once/,
    ],
    [
      'unknown',
      {
        disruptionBudgets: undefined,
        disruptionBudgetsError: 'poddisruptionbudgets is forbidden',
      },
      /poddisruptionbudgets is forbidden/,
    ],
    [
      'keeps no pod',
      {
        disruptionBudgets: [
          {
            name: 'checkout-service',
            maxUnavailable: '100%',
            keepsPodAvailable: false,
          },
        ],
      },
      /every replica be evicted at once/,
    ],
  ])('marks a disruption budget that is %s', async (label, budget, title) => {
    const [prod, staging] = response.environments;
    render({
      getDeployments: async () => ({
        ...response,
        environments: [
          {
            ...prod,
            deployments: [{ ...prod.deployments![0], ...budget }],
          },
          staging,
        ],
      }),
    });
    const chip = await screen.findByText(label, {}, RENDERED);
    expect(chip.closest('[title]')).toHaveAttribute(
      'title',
      expect.stringMatching(title),
    );
  });

  it('marks data served stale with its age and the refresh error', async () => {
    render({
      getDeployments: async () => ({
        ...response,
        stale: {
          since: new Date(Date.now() - 3 * 60_000).toISOString(),
          refreshError: {
            name: 'ServiceUnavailableError',
            message: 'ThrottlingException: Rate exceeded',
          },
        },
      }),
    });
    expect(
      await screen.findByTestId('stale-marker', {}, RENDERED),
    ).toHaveTextContent(/3 min ago; refresh failed: ThrottlingException/);
  });

  it('explains the annotations when the component has none', async () => {
    render({
      getDeployments: async () => ({
        ...response,
        labelSelector: undefined,
        environments: [],
        errors: [],
      }),
    });
    expect(
      await screen.findByText(
        'No Kubernetes workloads linked to this component',
      ),
    ).toBeInTheDocument();
  });
});
