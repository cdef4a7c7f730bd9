import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  loadScenario,
  readEksSection,
  Scenario,
  ScenarioEksProvider,
  SeededEks,
  seedEks,
} from '@internal/backstage-plugin-aws-ops-demo';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  memoryCacheService,
  MotoServer,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  EksDeployment,
  EksDeploymentsResponse,
} from '@internal/backstage-plugin-eks-common';
import {
  AwsEksProvider,
  EksProvider,
  readEksConfig,
} from '@internal/backstage-plugin-eks-node';
import path from 'node:path';
import { DefaultEksDeploymentsService } from './DefaultEksDeploymentsService';

// moto start-up takes a few seconds.
jest.setTimeout(60_000);

const ACCOUNT = '123456789012';
const MINUTE = 60_000;
/** A cycle start (the scenario's cycles are whole hours). */
const CYCLE = Date.parse('2026-11-23T10:00:00Z');
const at = (minute: number) => CYCLE + minute * MINUTE;
const environments = [
  { name: 'prod', region: 'eu-west-1', eksCluster: 'inbestment-prod' },
  { name: 'staging', region: 'eu-west-2', eksCluster: 'inbestment-staging' },
];

let now = at(3);
let scenario: Scenario;
let moto: MotoServer;
let seeded: SeededEks;
const savedEnv = { ...process.env };

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  scenario = await loadScenario({
    storeServicesDir: path.resolve(__dirname, '../../../../store-services'),
    clock: () => now,
  });
  moto = await startMotoServer();
  seeded = await seedEks({
    endpoint: moto.endpoint,
    scenario,
    environments,
    accountId: ACCOUNT,
  });
});

afterAll(async () => {
  process.env = savedEnv;
  await seeded?.close();
  await moto?.stop();
});

/** The service on `provider` at `now`, with a fresh cache (what a viewer sees at that minute). */
function service(
  kind: 'scenario' | 'aws on moto',
  minute: number,
): DefaultEksDeploymentsService {
  now = at(minute);
  const config = new ConfigReader({
    awsOps: {
      endpoint: moto.endpoint,
      accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'eu-west-2'] }],
      environments: seeded.environments.map(env => ({
        ...env,
        accountId: ACCOUNT,
      })),
      eks: {
        // The scenario's calendar, so the config table (moto has no
        // DescribeClusterVersions) says what the scenario's EKS API says.
        versionSupport: readEksSection(scenario).versions.map(v => ({
          version: v.version,
          endOfStandardSupport: v.endOfStandardSupport,
        })),
      },
    },
  });
  const awsOps = createAwsOpsService(
    config,
    mockServices.logger.mock(),
    memoryCacheService(),
  );
  const provider: EksProvider =
    kind === 'scenario'
      ? new ScenarioEksProvider(scenario)
      : new AwsEksProvider(awsOps);
  return new DefaultEksDeploymentsService({
    awsOps,
    eksConfig: readEksConfig(config),
    provider,
    clock: () => now,
  });
}

function storeEntity(name: string) {
  const entity = scenario.store
    .flatMap(s => s.entities)
    .find(e => e.kind === 'Component' && e.metadata.name === name);
  if (!entity) throw new Error(`${name} is not a store component`);
  return entity;
}

async function deployments(
  kind: 'scenario' | 'aws on moto',
  minute: number,
  component: string,
): Promise<EksDeploymentsResponse> {
  return service(kind, minute).getDeployments(
    await grantAsStoreEntity(storeEntity(component)),
  );
}

function deploymentIn(
  response: EksDeploymentsResponse,
  environment: string,
  name: string,
): EksDeployment {
  const env = response.environments.find(e => e.name === environment);
  const deployment = env?.deployments?.find(d => d.name === name);
  if (!deployment) {
    throw new Error(
      `no ${name} in ${environment}: ${JSON.stringify(response.errors)}`,
    );
  }
  return deployment;
}

describe.each(['scenario', 'aws on moto'] as const)(
  'DefaultEksDeploymentsService on the %s provider',
  kind => {
    it('reads both clusters with the scenario versions and node groups', async () => {
      const response = await deployments(kind, 3, 'checkout-service');
      expect(response.source).toBe(kind === 'scenario' ? 'demo' : 'aws');
      expect(response.errors).toEqual([]);
      const section = readEksSection(scenario);
      expect(response.environments.map(e => e.name)).toEqual([
        'prod',
        'staging',
      ]);
      for (const env of response.environments) {
        const cluster = section.clusters[env.name];
        expect(env.cluster).toMatchObject({
          name: `inbestment-${env.name}`,
          accountId: ACCOUNT,
          kubernetesVersion: cluster.version,
          status: 'ACTIVE',
        });
        expect(
          env.cluster!.nodeGroups.map(g => [
            g.name,
            g.instanceTypes,
            g.desiredSize,
            g.minSize,
            g.maxSize,
          ]),
        ).toEqual(
          cluster.nodeGroups
            .map(g => [
              g.name,
              g.instanceTypes,
              g.desiredSize,
              g.minSize,
              g.maxSize,
            ])
            .sort(),
        );
      }
      // 2026-11-23: prod's 1.35 is supported, staging's 1.34 ends within 90 days.
      const [prod, staging] = response.environments;
      expect(prod.cluster!.versionSupport.status).toBe('supported');
      expect(staging.cluster!.versionSupport).toMatchObject({
        status: 'ending-soon',
        daysLeft: 8,
      });
    });

    it('rolls checkout-service out in prod at minute 3 and has finished by minute 30', async () => {
      const during = deploymentIn(
        await deployments(kind, 3, 'checkout-service'),
        'prod',
        'checkout-service',
      );
      expect(during.rollout.state).toBe('progressing');
      expect(new Set(during.pods.map(p => p.revision)).size).toBe(2);
      expect(during.images[0].tag).toBe('4.9.1');

      const after = deploymentIn(
        await deployments(kind, 30, 'checkout-service'),
        'prod',
        'checkout-service',
      );
      expect(after.rollout).toEqual({ state: 'complete' });
      expect(after.images[0].tag).toBe('4.9.2');
      expect(new Set(after.pods.map(p => p.revision))).toEqual(
        new Set([after.revision]),
      );
      expect(after.lastRolloutAt).toBe(new Date(at(20)).toISOString());

      // Staging is quiet: no rollout at any minute.
      const staging = deploymentIn(
        await deployments(kind, 3, 'checkout-service'),
        'staging',
        'checkout-service',
      );
      expect(staging.rollout).toEqual({ state: 'complete' });
    });

    // The crash-looping pod is the new pod of the rollout at minute 46 that
    // stalls (before that story it was replaced at minute 0): restarts count
    // from minute 46, and it is gone after the rollback at minute 45.
    it('crash-loops the new recommendation-service pod of the stalled rollout in staging, its restarts growing', async () => {
      const crashing = async (minute: number) => {
        const deployment = deploymentIn(
          await deployments(kind, minute, 'recommendation-service'),
          'staging',
          'recommendation-service',
        );
        return deployment.pods.filter(p => p.status === 'CrashLoopBackOff');
      };
      const early = await crashing(47);
      expect(early).toHaveLength(1);
      expect(early[0]).toMatchObject({
        readyContainers: 0,
        restarts: 1,
        lastTerminationReason: 'Error',
      });
      // 17 minutes later (next cycle's minute 3): a restart every 5 minutes.
      const late = await crashing(63);
      expect(late).toHaveLength(1);
      expect(late[0].restarts).toBe(4);
      // Rolled back at minute 45: no crash-looping pod until the next attempt.
      await expect(crashing(45.5)).resolves.toEqual([]);
      // Prod's recommendation-service is healthy.
      const prod = deploymentIn(
        await deployments(kind, 52, 'recommendation-service'),
        'prod',
        'recommendation-service',
      );
      expect(prod.pods.every(p => p.status === 'Running')).toBe(true);
    });

    it("gives every store service its own deployment and autoscaler from the store's manifests", async () => {
      const withDeployment = scenario.store.filter(s =>
        s.manifests.some(m => m.kind === 'Deployment'),
      );
      expect(withDeployment.length).toBeGreaterThan(0);
      for (const store of withDeployment) {
        // Every store service scales with an autoscaler.
        const hpa = store.manifests.find(
          m => m.kind === 'HorizontalPodAutoscaler',
        )!;
        // Minute 50: no rollout under way, so no surge pods.
        const response = await deployments(kind, 50, store.name);
        const deployment = deploymentIn(response, 'prod', store.name);
        expect(deployment.pods.length).toBe(deployment.replicas.desired);
        expect(deployment.autoscaler).toMatchObject({
          minReplicas: hpa.spec.minReplicas,
          maxReplicas: hpa.spec.maxReplicas,
        });
        expect(deployment.replicas.desired).toBeGreaterThanOrEqual(
          hpa.spec.minReplicas,
        );
        expect(deployment.replicas.desired).toBeLessThanOrEqual(
          hpa.spec.maxReplicas,
        );
      }
    });
  },
);

it('tells the same story through both providers', async () => {
  for (const component of [
    'checkout-service',
    'recommendation-service',
    'payment-service',
  ]) {
    for (const minute of [3, 30]) {
      const demo = await deployments('scenario', minute, component);
      const aws = await deployments('aws on moto', minute, component);
      expect(aws.environments.map(e => e.deployments)).toEqual(
        demo.environments.map(e => e.deployments),
      );
    }
  }
});
