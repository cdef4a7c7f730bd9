import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  eksVersionSupportTable,
  loadScenario,
  readEksSection,
  Scenario,
  scenarioWorkloads,
  SeededEks,
  seedEks,
} from '@internal/backstage-plugin-aws-ops-demo';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  fromStoreFiles,
  memoryCacheService,
  MotoServer,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { DefaultEksDeploymentsService } from '@internal/backstage-plugin-eks-backend';
import {
  AwsEksProvider,
  NamespaceWorkloads,
  readEksConfig,
} from '@internal/backstage-plugin-eks-node';
import {
  FakeKubernetesServer,
  startFakeKubernetes,
} from '@internal/backstage-plugin-eks-node/testUtils';
import {
  ACCOUNT,
  claimsGateOver,
  NOW,
  runRetriever,
  service,
  STORE_SERVICES,
} from './__testUtils__';
import { createEksFactRetriever } from './eks';

jest.setTimeout(90_000);

const FACTS = [
  'clusterVersion',
  'clusterVersionSupported',
  'hasHpa',
  'hasPdb',
  'hasResourceLimits',
  'hasResourceRequests',
  'prodReplicas',
];

/*
 * The cluster from moto (DescribeCluster, created by the demo's seed), its
 * Kubernetes API from the test server in eks-node's testUtils (EKS token
 * checked, policy/v1 PodDisruptionBudgets served), read through the real
 * AWS provider, the EKS deployments service and the claims gate.
 */
describe('inbestmentEksFacts (moto and a test Kubernetes API)', () => {
  let moto: MotoServer;
  let scenario: Scenario;
  let seeded: SeededEks;
  let storeServices: Entity[];
  /** A second API server for the prod cluster that answers what `altered` says. */
  let altered: FakeKubernetesServer;
  let alter: (workloads: NamespaceWorkloads) => NamespaceWorkloads = w => w;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    scenario = await loadScenario({
      storeServicesDir: STORE_SERVICES,
      clock: () => NOW,
    });
    storeServices = scenario.store
      .flatMap(s => s.entities)
      .filter(e => e.kind === 'Component' && e.spec?.type === 'service')
      .map(e =>
        fromStoreFiles({
          ...e,
          metadata: { ...e.metadata, namespace: 'default' },
        }),
      );
    moto = await startMotoServer();
    seeded = await seedEks({
      endpoint: moto.endpoint,
      scenario,
      accountId: ACCOUNT,
      environments: [
        { name: 'prod', region: 'eu-west-1', eksCluster: 'inbestment-prod' },
        {
          name: 'staging',
          region: 'eu-west-2',
          eksCluster: 'inbestment-staging',
        },
      ],
    });
    const section = readEksSection(scenario);
    altered = await startFakeKubernetes({
      clusterName: 'inbestment-prod',
      region: 'eu-west-1',
      accessKeyId: 'test',
      secretAccessKey: 'test',
      pageSize: 500,
      workloads: namespace =>
        alter(scenarioWorkloads(scenario, section, 'prod', namespace, NOW)),
    });
  });
  afterAll(async () => {
    await altered?.close();
    await seeded?.close();
    await moto?.stop();
    process.env = savedEnv;
  });

  function retriever(
    entities: Entity[],
    options: {
      /** The config table of EKS standard support (moto has no DescribeClusterVersions); default the scenario's calendar. */
      versionSupport?: Array<{ version: string; endOfStandardSupport: string }>;
      /** Where the prod cluster's Kubernetes API is; default the seeded one. */
      prodKubernetesApiUrl?: string;
      prodCluster?: string;
    } = {},
  ) {
    const config = mockServices.rootConfig({
      data: {
        awsOps: {
          endpoint: moto.endpoint,
          accounts: [
            { accountId: ACCOUNT, regions: ['eu-west-1', 'eu-west-2'] },
          ],
          environments: seeded.environments.map(env => ({
            ...env,
            accountId: ACCOUNT,
            ...(env.name === 'prod' && options.prodKubernetesApiUrl
              ? { kubernetesApiUrl: options.prodKubernetesApiUrl }
              : {}),
            ...(env.name === 'prod' && options.prodCluster
              ? { eksCluster: options.prodCluster }
              : {}),
          })),
          eks: {
            versionSupport:
              options.versionSupport ?? eksVersionSupportTable(scenario),
          },
        },
      },
    });
    const awsOps = createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    );
    return createEksFactRetriever({
      catalog: catalogServiceMock({ entities }),
      claims: claimsGateOver(entities),
      deployments: new DefaultEksDeploymentsService({
        awsOps,
        eksConfig: readEksConfig(config),
        provider: new AwsEksProvider(awsOps),
        clock: () => NOW,
      }),
    });
  }

  /** What the store's manifests say a fully production-ready service reads as. */
  function fromManifests(name: string) {
    const store = scenario.store.find(s => s.name === name)!;
    const hpa = store.manifests.find(
      m => m.kind === 'HorizontalPodAutoscaler',
    )!;
    return {
      prodReplicas: hpa.spec.minReplicas,
      hasHpa: true,
      hasPdb: true,
      hasResourceRequests: true,
      hasResourceLimits: true,
      clusterVersion: readEksSection(scenario).clusters.prod.version,
      clusterVersionSupported: true,
    };
  }

  it("reads the demo store's prod story: recommendation-service and search-service fall short, the others pass", async () => {
    const facts = await runRetriever(retriever(storeServices));
    expect(Object.keys(facts).sort()).toEqual(
      storeServices.map(e => e.metadata.name).sort(),
    );
    expect(facts['recommendation-service']).toEqual({
      ...fromManifests('recommendation-service'),
      // One replica, no autoscaler, no budget in prod.
      prodReplicas: 1,
      hasHpa: false,
      hasPdb: false,
    });
    expect(facts['search-service']).toEqual({
      ...fromManifests('search-service'),
      hasPdb: false,
    });
    for (const name of Object.keys(facts)) {
      if (name === 'recommendation-service' || name === 'search-service') {
        continue;
      }
      expect({ name, ...facts[name] }).toEqual({
        name,
        ...fromManifests(name),
      });
      expect(facts[name].prodReplicas).toBeGreaterThanOrEqual(2);
    }
    // The prod cluster (1.35) is inside standard support on the fixed clock.
    expect(facts['cart-service'].clusterVersion).toBe('1.35');
    // The PodDisruptionBudgets came from the Kubernetes API.
    expect(seeded.kubernetesServers[0].requests).toContain(
      '/apis/policy/v1/namespaces/inbestment/poddisruptionbudgets',
    );
  });

  it('tells failing requests, limits, budgets and an ended version apart from passing ones', async () => {
    alter = workloads => ({
      ...workloads,
      deployments: workloads.deployments.map(d => {
        const containers = d.spec.template.spec.containers;
        if (d.metadata.name === 'cart-service') {
          // No memory limit.
          return withContainers(
            d,
            containers.map(c => ({
              ...c,
              resources: {
                requests: c.resources?.requests,
                limits: { cpu: '1' },
              },
            })),
          );
        }
        if (d.metadata.name === 'order-service') {
          // No memory request.
          return withContainers(
            d,
            containers.map(c => ({
              ...c,
              resources: {
                requests: { cpu: '250m' },
                limits: c.resources?.limits,
              },
            })),
          );
        }
        return d;
      }),
      // pricing-service's budget lets every pod go.
      podDisruptionBudgets: workloads.podDisruptionBudgets!.map(b =>
        b.metadata.name === 'pricing-service'
          ? {
              ...b,
              spec: { selector: b.spec.selector, maxUnavailable: '100%' },
            }
          : b,
      ),
    });
    const entities = storeServices.filter(e =>
      [
        'cart-service',
        'order-service',
        'pricing-service',
        'media-service',
      ].includes(e.metadata.name),
    );
    const facts = await runRetriever(
      retriever(entities, {
        prodKubernetesApiUrl: altered.url,
        // 1.35's standard support ended the day before the clock.
        versionSupport: [
          { version: '1.35', endOfStandardSupport: '2026-11-30' },
        ],
      }),
    );
    expect(facts['cart-service']).toMatchObject({
      hasResourceRequests: true,
      hasResourceLimits: false,
      clusterVersionSupported: false,
    });
    expect(facts['order-service']).toMatchObject({
      hasResourceRequests: false,
      hasResourceLimits: true,
    });
    expect(facts['pricing-service']).toMatchObject({ hasPdb: false });
    expect(facts['media-service']).toEqual({
      ...fromManifests('media-service'),
      clusterVersionSupported: false,
    });
  });

  it('names what cannot be read in readErrors and keeps the facts that could', async () => {
    alter = workloads => {
      const { podDisruptionBudgets: _, ...rest } = workloads;
      return {
        ...rest,
        podDisruptionBudgetsError:
          'poddisruptionbudgets.policy is forbidden: User "eks-viewer" cannot list resource "poddisruptionbudgets" in API group "policy"',
      };
    };
    const facts = await runRetriever(
      retriever(storeServices, {
        prodKubernetesApiUrl: altered.url,
        // No calendar knows 1.35: its support is unknown, not "ended".
        versionSupport: [],
      }),
    );
    const {
      hasPdb: _,
      clusterVersionSupported: __,
      ...readable
    } = fromManifests('cart-service');
    expect(facts['cart-service']).toEqual({
      ...readable,
      readErrors: {
        hasPdb: expect.stringMatching(
          /^the PodDisruptionBudgets of inbestment could not be read: .*answered 403.*forbidden/,
        ),
        clusterVersionSupported: expect.stringContaining(
          'EKS standard support for Kubernetes 1.35 is not known',
        ),
      },
    });
  });

  it("leaves out deploy/rollout.sh's canary while the stable Deployment runs", async () => {
    // What rollout.sh applies for a canary release: the stable Deployment's
    // copy named `-canary`, one replica, its own slot label, no autoscaler and
    // no budget; it is deleted once the alarms were watched.
    alter = workloads => {
      const stable = workloads.deployments.find(
        d => d.metadata.name === 'checkout-service',
      )!;
      const canarySlot = (labels: Record<string, string> = {}) => ({
        ...labels,
        'inbestment.io/slot': 'canary',
      });
      const canary = {
        ...stable,
        metadata: { ...stable.metadata, name: 'checkout-service-canary' },
        spec: {
          ...stable.spec,
          replicas: 1,
          selector: {
            matchLabels: canarySlot(stable.spec.selector?.matchLabels),
          },
          template: {
            ...stable.spec.template,
            metadata: {
              ...stable.spec.template.metadata,
              labels: canarySlot(stable.spec.template.metadata?.labels),
            },
          },
        },
      };
      return { ...workloads, deployments: [...workloads.deployments, canary] };
    };
    const checkout = storeServices.filter(
      e => e.metadata.name === 'checkout-service',
    );
    const facts = await runRetriever(
      retriever(checkout, { prodKubernetesApiUrl: altered.url }),
    );
    expect(facts['checkout-service']).toEqual(
      fromManifests('checkout-service'),
    );
  });

  it('leaves every fact unknown when the cluster, the claim or the environment is missing', async () => {
    const noClaim = service('catalog-only-service');
    const stagingOnly = service('staging-only-service', {
      annotations: {
        'backstage.io/kubernetes-id': 'cart-service',
        'aws-ops.io/environments': 'staging',
      },
    });
    // Not from the store's reviewed files, claiming cart-service's workloads: refused.
    const rogue = service('rogue-service', {
      trusted: false,
      annotations: { 'backstage.io/kubernetes-id': 'cart-service' },
    });
    const cart = storeServices.find(e => e.metadata.name === 'cart-service')!;
    const entities = [cart, noClaim, stagingOnly, rogue];

    let facts = await runRetriever(retriever(entities));
    const unknown = (pattern: RegExp) => ({
      readErrors: Object.fromEntries(
        FACTS.map(f => [f, expect.stringMatching(pattern)]),
      ),
    });
    expect(facts['catalog-only-service']).toEqual(
      unknown(/claims no Kubernetes workloads/),
    );
    expect(facts['staging-only-service']).toEqual(
      unknown(/has no prod EKS cluster/),
    );
    expect(facts['rogue-service']).toEqual(unknown(/^NotAllowedError: /));
    expect(facts['cart-service']).toEqual(fromManifests('cart-service'));

    // The prod cluster does not exist: nothing about it is known.
    facts = await runRetriever(
      retriever([cart], { prodCluster: 'inbestment-gone' }),
    );
    expect(facts['cart-service']).toEqual(
      unknown(/^NotFoundError: .*inbestment-gone/),
    );
  });
});

function withContainers(
  deployment: NamespaceWorkloads['deployments'][number],
  containers: NamespaceWorkloads['deployments'][number]['spec']['template']['spec']['containers'],
) {
  return {
    ...deployment,
    spec: {
      ...deployment.spec,
      template: {
        ...deployment.spec.template,
        spec: { ...deployment.spec.template.spec, containers },
      },
    },
  };
}
