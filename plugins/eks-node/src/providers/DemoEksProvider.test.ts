import {
  loadStoreServices,
} from '@internal/backstage-plugin-aws-ops-demo';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mapWorkloads } from '../kubernetes/mapWorkloads';
import {
  storeEnvironments,
  writeStoreServices,
} from '../testUtils/storeServices';
import { evaluateVersionSupport } from '../versionSupport';
import { DemoEksProvider } from './DemoEksProvider';

const environments = storeEnvironments;
const eksConfig = {
  versionSupport: [
    { version: '1.32', endOfStandardSupport: '2026-03-23' },
    { version: '1.33', endOfStandardSupport: '2026-07-29' },
    { version: '1.34', endOfStandardSupport: '2026-12-02' },
    { version: '1.35', endOfStandardSupport: '2027-03-27' },
  ],
  warnDaysBeforeEnd: 90,
  clusterTtlMs: 60_000,
  versionsTtlMs: 21_600_000,
};
const target = (env: (typeof environments)[number]) => ({
  environment: env.name,
  accountId: env.accountId,
  region: env.region,
  clusterName: env.eksCluster,
});
// 5 minutes into a 20-minute rollout period.
const DURING_ROLLOUT = Date.parse('2026-11-23T10:05:00Z');

describe('DemoEksProvider', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eks-demo-'));
    await writeStoreServices(
      dir,
      ['checkout-service', 'payment-service', 'recommendation-service'],
      ['storefront-mfe'],
    );
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  const provider = async (now: number) =>
    new DemoEksProvider({
      services: await loadStoreServices(dir),
      environments,
      eksConfig,
      seed: 'inbestment',
      clock: () => now,
    });
  const workloads = async (now: number, env: (typeof environments)[number]) => {
    const demo = await provider(now);
    return mapWorkloads(
      await demo.listWorkloads(target(env), { apiUrl: '' }, 'inbestment'),
    );
  };

  it('is deterministic for a seed and a clock', async () => {
    expect(await workloads(DURING_ROLLOUT, environments[0])).toEqual(
      await workloads(DURING_ROLLOUT, environments[0]),
    );
  });

  it('rolls checkout-service out in prod, then completes the rollout', async () => {
    const during = (await workloads(DURING_ROLLOUT, environments[0])).find(
      d => d.deployment.name === 'checkout-service',
    )!;
    expect(during.deployment.rollout.state).toBe('progressing');
    expect(new Set(during.deployment.pods.map(p => p.revision)).size).toBe(2);
    const after = (
      await workloads(DURING_ROLLOUT + 10 * 60_000, environments[0])
    ).find(d => d.deployment.name === 'checkout-service')!;
    expect(after.deployment.rollout.state).toBe('complete');
    expect(after.deployment.revision).toBe(during.deployment.revision);
  });

  it('crash-loops one recommendation-service pod in staging, with restarts growing over time', async () => {
    const crashing = (now: number) =>
      workloads(now, environments[1]).then(
        all =>
          all
            .find(d => d.deployment.name === 'recommendation-service')!
            .deployment.pods.find(p => p.status === 'CrashLoopBackOff')!,
      );
    const first = await crashing(DURING_ROLLOUT);
    expect(first).toMatchObject({
      readyContainers: 0,
      lastTerminationReason: 'Error',
    });
    expect((await crashing(DURING_ROLLOUT + 30 * 60_000)).restarts).not.toBe(
      first.restarts,
    );
  });

  it('only simulates services that have Deployment manifests', async () => {
    const names = (await workloads(DURING_ROLLOUT, environments[0])).map(
      d => d.deployment.name,
    );
    expect(names).toEqual([
      'checkout-service',
      'payment-service',
      'recommendation-service',
    ]);
  });

  it('runs staging one Kubernetes version behind prod, near the end of standard support', async () => {
    const demo = await provider(DURING_ROLLOUT);
    const prod = await demo.describeCluster(target(environments[0]));
    const staging = await demo.describeCluster(target(environments[1]));
    expect([
      prod.cluster.kubernetesVersion,
      staging.cluster.kubernetesVersion,
    ]).toEqual(['1.35', '1.34']);
    expect(
      evaluateVersionSupport('1.34', eksConfig, DURING_ROLLOUT),
    ).toMatchObject({ status: 'ending-soon', daysLeft: 8 });
  });
});
