import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  eksVersionSupportTable,
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
  EntityEksChangesResponse,
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
        versionSupport: eksVersionSupportTable(scenario),
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

async function changes(
  kind: 'scenario' | 'aws on moto',
  minute: number,
  component: string,
  windowMinutes = 24 * 60,
): Promise<EntityEksChangesResponse> {
  const svc = service(kind, minute);
  return svc.getChanges(await grantAsStoreEntity(storeEntity(component)), {
    start: now - windowMinutes * MINUTE,
    end: now,
  });
}

const iso = (minute: number) => new Date(at(minute)).toISOString();

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
    // from minute 46, when the previous attempt is rolled back and a new one starts.
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
      // Just before the next attempt: the same pod, 59.5 minutes old.
      const last = await crashing(105.5);
      expect(last.map(p => [p.name, p.restarts])).toEqual([[late[0].name, 12]]);
      const next = await crashing(106);
      expect(next).toHaveLength(1);
      expect(next[0].name).not.toBe(late[0].name);
      expect(next[0].restarts).toBe(1);
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
      const prodWorkloads = readEksSection(scenario).workloads;
      // Every store service scales with an autoscaler, except where the
      // scenario does not apply it in prod (a fixed replica count then).
      const fixed = withDeployment.filter(
        store => prodWorkloads[store.name]?.prod?.autoscaler === false,
      );
      expect(fixed.length).toBeLessThan(withDeployment.length);
      for (const store of fixed) {
        const response = await deployments(kind, 50, store.name);
        const deployment = deploymentIn(response, 'prod', store.name);
        expect(deployment.autoscaler).toBeUndefined();
        expect(deployment.replicas.desired).toBe(
          prodWorkloads[store.name].prod.replicas,
        );
        expect(deployment.pods.length).toBe(deployment.replicas.desired);
      }
      for (const store of withDeployment.filter(s => !fixed.includes(s))) {
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

describe.each(['scenario', 'aws on moto'] as const)(
  'DefaultEksDeploymentsService.getChanges on the %s provider',
  kind => {
    it("at minute 6 checkout-service's prod rollout to 4.9.1 is progressing, started 6 minutes ago; the two before completed", async () => {
      const response = await changes(kind, 6, 'checkout-service', 60);
      const prod = response.rollouts.filter(r => r.environment === 'prod');
      expect(
        prod.map(r => [r.version, r.outcome, r.startedAt, r.endedAt]),
      ).toEqual([
        ['4.9.2', 'completed', iso(-40), undefined],
        ['4.9.0', 'completed', iso(-20), undefined],
        ['4.9.1', 'progressing', iso(0), undefined],
      ]);
      expect(prod[2]).toMatchObject({
        deployment: 'checkout-service',
        images: [
          {
            container: 'checkout-service',
            from: expect.stringMatching(/checkout-service:4\.9\.0$/),
            to: expect.stringMatching(/checkout-service:4\.9\.1$/),
          },
        ],
      });
      expect(Number(prod[2].revision)).toBe(Number(prod[1].revision) + 1);
      // Once the rollout is done, the current one ends when the Deployment said so.
      const later = await changes(kind, 10, 'checkout-service', 15);
      expect(
        later.rollouts
          .filter(r => r.environment === 'prod')
          .map(r => [r.version, r.outcome, r.startedAt, r.endedAt]),
      ).toEqual([['4.9.1', 'completed', iso(0), iso(8)]]);
    });

    it('keeps a day of rollouts with revisions that only grow', async () => {
      const response = await changes(kind, 6, 'checkout-service');
      const prod = response.rollouts.filter(r => r.environment === 'prod');
      // 10:06 back to 10:06 the day before: 10:20 and 10:40, 23 hours of
      // three, and 10:00 (the 10:00 of the day before ended at 10:08,
      // which Kubernetes no longer tells: it ended at its start for the window).
      expect(prod).toHaveLength(2 + 23 * 3 + 1);
      const revisions = prod.map(r => Number(r.revision));
      revisions.slice(1).forEach((r, i) => expect(r).toBe(revisions[i] + 1));
      expect(prod.map(r => r.version).slice(-4)).toEqual([
        '4.9.1',
        '4.9.2',
        '4.9.0',
        '4.9.1',
      ]);
    });

    it("recommendation-service's staging rollout at 46 stalls at 56, is rolled back at the next 46 and tried again", async () => {
      const stalled = await changes(kind, 58, 'recommendation-service', 30);
      expect(
        stalled.rollouts.map(r => [
          r.environment,
          r.version,
          r.outcome,
          r.startedAt,
          r.endedAt,
        ]),
      ).toEqual([['staging', '2.3.0', 'stalled', iso(46), iso(56)]]);
      expect(stalled.rollouts[0].images[0].from).toMatch(/:2\.2\.0$/);

      // The rollback re-used 2.2.0's ReplicaSet: Kubernetes records no time
      // for it, so it is not a rollout of its own, and the attempt it undid is
      // rolled-back without an end; the new attempt goes 2.2.0 -> 2.3.0 again.
      const again = await changes(kind, 108, 'recommendation-service', 70);
      expect(
        again.rollouts.map(r => [r.version, r.outcome, r.startedAt, r.endedAt]),
      ).toEqual([
        ['2.3.0', 'rolled-back', iso(46), undefined],
        ['2.3.0', 'progressing', iso(106), undefined],
      ]);
      expect(again.rollouts[1].images[0].from).toMatch(/:2\.2\.0$/);
      expect(Number(again.rollouts[1].revision)).toBe(
        Number(again.rollouts[0].revision) + 2,
      );
    });

    it('answers the same rollouts through the Kubernetes API as the scenario gives', async () => {
      const other = kind === 'scenario' ? 'aws on moto' : 'scenario';
      for (const component of ['checkout-service', 'recommendation-service']) {
        for (const minute of [6, 50, 58, 108]) {
          const mine = await changes(kind, minute, component);
          const theirs = await changes(other, minute, component);
          expect(mine.rollouts).toEqual(theirs.rollouts);
          expect(mine.rollouts.length).toBeGreaterThan(0);
        }
      }
    });
  },
);

describe('DefaultEksDeploymentsService.getChanges: version changes', () => {
  it("plays the scenario's updates: staging's node group after its control plane, prod's control plane 10 hours before the cycle", async () => {
    const response = await changes('scenario', 6, 'checkout-service');
    expect(response.errors).toEqual([]);
    expect(
      response.versionChanges.map(c => [
        c.environment,
        c.nodeGroup,
        c.from,
        c.to,
        c.status,
        c.startedAt,
      ]),
    ).toEqual([
      ['prod', undefined, '1.34', '1.35', 'Successful', iso(-600)],
      ['prod', 'general', '1.34', '1.35', 'Successful', iso(-540)],
      ['prod', 'spot', undefined, '1.35', 'Successful', iso(-530)],
      ['staging', 'general', '1.33', '1.34', 'Successful', iso(-100)],
    ]);
  });

  it('on moto (no ListUpdates) the rollouts load and each environment says once that its updates could not be read', async () => {
    const response = await changes('aws on moto', 6, 'checkout-service');
    expect(response.rollouts.length).toBeGreaterThan(0);
    expect(response.versionChanges).toEqual([]);
    expect(response.errors.map(e => e.scope?.environment)).toEqual([
      'prod',
      'staging',
    ]);
  });
});
