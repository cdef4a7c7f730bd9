import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { loadScenario, Scenario } from '../scenario';
import { readEksSection } from './schema';
import { loadAt, scenarioWorkloads } from './workloads';

const STORE_SERVICES = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-demo',
  '../../store-services',
);

let bundled: Scenario;
beforeAll(async () => {
  bundled = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    clock: () => Date.parse('2026-11-23T10:03:00Z'),
  });
});

/** The bundled scenario with its `eks` section replaced. */
const withEks = (eks: unknown): Scenario => ({
  ...bundled,
  sections: { ...bundled.sections, eks },
});

describe('the eks section of the bundled scenario', () => {
  it('keeps the shared anchors: checkout-service rolls out in prod at 0, 20 and 40 for 8 minutes', () => {
    const section = readEksSection(bundled);
    expect(
      section.workloads['checkout-service'].prod.rollouts.map(r => [
        r.at,
        r.minutes,
      ]),
    ).toEqual([
      [0, 8],
      [20, 8],
      [40, 8],
    ]);
    expect(section.workloads['checkout-service'].staging).toBeUndefined();
    // The crash-looping pod is the new pod of the rollout at minute 46 that
    // stalls (it was replaced at minute 0 before the rollout story).
    expect(section.workloads['recommendation-service'].staging.pods).toEqual([
      expect.objectContaining({ waiting: 'CrashLoopBackOff', createdAt: 46 }),
    ]);
    expect(
      section.workloads['recommendation-service'].staging.rollouts,
    ).toEqual([expect.objectContaining({ at: 46, stalls: true })]);
    expect(Object.keys(section.clusters).sort()).toEqual(['prod', 'staging']);
  });

  it("plays every Deployment of the store's manifests in each cluster, and none in another namespace", () => {
    const deployments = bundled.store.flatMap(s =>
      s.manifests.filter(m => m.kind === 'Deployment'),
    );
    const section = readEksSection(bundled);
    for (const env of ['prod', 'staging']) {
      const played = scenarioWorkloads(bundled, section, env, 'inbestment');
      expect(played.deployments.map(d => d.metadata.name).sort()).toEqual(
        deployments.map(d => d.metadata.name).sort(),
      );
      // Every manifest's autoscaler, but those the environment's workload turns off.
      const turnedOff = Object.values(section.workloads).filter(
        byEnv => byEnv[env]?.autoscaler === false,
      ).length;
      expect(played.autoscalers).toHaveLength(
        bundled.store.flatMap(s =>
          s.manifests.filter(m => m.kind === 'HorizontalPodAutoscaler'),
        ).length - turnedOff,
      );
      // A PodDisruptionBudget per Deployment, but those the workload turns off.
      const withoutBudget = Object.values(section.workloads).filter(
        byEnv => byEnv[env]?.disruptionBudget === false,
      ).length;
      expect(played.podDisruptionBudgets).toHaveLength(
        deployments.length - withoutBudget,
      );
    }
    expect(
      scenarioWorkloads(bundled, section, 'prod', 'kube-system').deployments,
    ).toEqual([]);
    expect(
      scenarioWorkloads(bundled, section, 'nowhere', 'inbestment').deployments,
    ).toEqual([]);
  });
});

describe('readEksSection', () => {
  const cluster = {
    version: '1.35',
    platformVersion: 'eks.7',
    nodeGroups: [
      {
        name: 'general',
        instanceTypes: ['m6i.large'],
        desiredSize: 2,
        minSize: 1,
        maxSize: 4,
      },
    ],
    load: [[0, 0.5]],
  };
  const versions = [
    {
      version: '1.35',
      endOfStandardSupport: '2027-03-27',
      endOfExtendedSupport: '2028-03-27',
    },
  ];

  it('plays the PodDisruptionBudgets, autoscalers and replicas the section sets, and refuses a budget with both or neither bound', () => {
    const scenario = withEks({
      versions,
      disruptionBudget: { maxUnavailable: '50%' },
      clusters: { prod: cluster },
      workloads: {
        'cart-service': { prod: { disruptionBudget: { minAvailable: 2 } } },
        'search-service': { prod: { disruptionBudget: false } },
        'recommendation-service': {
          prod: { replicas: 1, autoscaler: false },
        },
      },
    });
    const played = scenarioWorkloads(
      scenario,
      readEksSection(scenario),
      'prod',
      'inbestment',
    );
    const budget = (name: string) =>
      played.podDisruptionBudgets!.find(b => b.metadata.name === name);
    expect(budget('cart-service')?.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cart-service' } },
      minAvailable: 2,
    });
    expect(budget('order-service')?.spec.maxUnavailable).toBe('50%');
    expect(budget('search-service')).toBeUndefined();
    const recommendation = played.deployments.find(
      d => d.metadata.name === 'recommendation-service',
    )!;
    expect(recommendation.spec.replicas).toBe(1);
    expect(
      played.autoscalers.map(a => a.spec.scaleTargetRef.name),
    ).not.toContain('recommendation-service');
    // The manifests' requests and limits and pod labels reach the Deployment.
    expect(recommendation.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '1000m', memory: '2Gi' },
      limits: { cpu: '2000m', memory: '3Gi' },
    });
    expect(recommendation.spec.template.metadata?.labels).toMatchObject({
      'app.kubernetes.io/name': 'recommendation-service',
    });
    for (const disruptionBudget of [
      {},
      { minAvailable: 1, maxUnavailable: 1 },
    ]) {
      expect(() =>
        readEksSection(
          withEks({ versions, clusters: { prod: cluster }, disruptionBudget }),
        ),
      ).toThrow(/set exactly one of minAvailable and maxUnavailable/);
    }
  });

  it('refuses a component the store does not have', () => {
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          workloads: { 'no-such-service': { prod: {} } },
        }),
      ),
    ).toThrow(/names 'no-such-service', which is not a component of the store/);
  });

  it('refuses an environment without a cluster, overlapping rollouts and misspelt fields', () => {
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          workloads: { 'checkout-service': { staging: {} } },
        }),
      ),
    ).toThrow(
      /workloads.checkout-service.staging: no cluster for environment 'staging'/,
    );
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          workloads: {
            'checkout-service': {
              prod: {
                rollouts: [
                  { at: 0, minutes: 30, from: '1', to: '2' },
                  { at: 20, minutes: 8, from: '2', to: '3' },
                ],
              },
            },
          },
        }),
      ),
    ).toThrow(/rollout at 0 overlaps the next one/);
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: { ...cluster, nodegroups: [] } },
        }),
      ),
    ).toThrow(/eks\.clusters\.prod/);
  });

  it('counts a rollback in the time a rollout holds, and refuses updates of a cluster or node group the section has not', () => {
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          workloads: {
            'checkout-service': {
              prod: {
                rollouts: [
                  { at: 0, minutes: 5, from: '1', to: '2', rollbackAfter: 25 },
                  { at: 20, minutes: 8, from: '1', to: '3' },
                ],
              },
            },
          },
        }),
      ),
    ).toThrow(/rollout at 0 overlaps the next one/);
    const update = { version: '1.35', minutesBeforeCycle: 10, minutes: 5 };
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          updates: { staging: [update] },
        }),
      ),
    ).toThrow(/updates.staging: no cluster for environment 'staging'/);
    expect(() =>
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          updates: { prod: [{ ...update, nodeGroup: 'spot' }] },
        }),
      ),
    ).toThrow(/updates.prod: no node group 'spot' in the cluster/);
    expect(
      readEksSection(
        withEks({
          versions,
          clusters: { prod: cluster },
          updates: { prod: [{ ...update, nodeGroup: 'general' }] },
        }),
      ).updates.prod,
    ).toEqual([{ ...update, nodeGroup: 'general', status: 'Successful' }]);
  });
});

describe('loadAt', () => {
  const curve: Array<[number, number]> = [
    [0, 0.5],
    [15, 1],
    [30, 0.5],
    [45, 0],
  ];
  it('interpolates between points and wraps over the end of the cycle', () => {
    expect(loadAt(curve, 0, 60)).toBe(0.5);
    expect(loadAt(curve, 7.5, 60)).toBe(0.75);
    expect(loadAt(curve, 45, 60)).toBe(0);
    expect(loadAt(curve, 52.5, 60)).toBe(0.25);
    expect(loadAt([[10, 0.3]], 50, 60)).toBe(0.3);
  });
});
