import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';
import { assessHealth, deploymentsHealthOf } from './assess';

const quiet = {
  alarms: {
    worstState: 'OK' as const,
    inAlarm: 0,
    insufficientData: 0,
    ok: 3,
    alarming: [],
  },
  deployments: {
    workloads: 2,
    notDeployed: false,
    ready: 4,
    desired: 4,
    failedRollouts: [],
    progressingRollouts: [],
    crashLoopingPods: [],
  },
  waf: { blockedLastHour: 3, baselineBlockedPerHour: 4, spike: false },
  denied: [],
  errors: [],
};

describe('assessHealth', () => {
  it('is OK when every signal loaded and nothing is wrong', () => {
    expect(assessHealth(quiet)).toEqual({ level: 'ok', reasons: [] });
  });

  it('is critical when an alarm fires, and says how many', () => {
    const result = assessHealth({
      ...quiet,
      alarms: { ...quiet.alarms, inAlarm: 2, ok: 1 },
    });
    expect(result).toEqual({
      level: 'critical',
      reasons: ['2 alarms in ALARM'],
    });
  });

  it('is critical on a failed rollout, failing pods or no ready replica', () => {
    expect(
      assessHealth({
        ...quiet,
        deployments: {
          ...quiet.deployments,
          ready: 0,
          failedRollouts: ['prod/cart-service'],
          crashLoopingPods: ['prod/cart-service-1', 'prod/cart-service-2'],
        },
      }),
    ).toEqual({
      level: 'critical',
      reasons: [
        'Rollout failed: prod/cart-service',
        '2 failing pods',
        'No ready replicas',
      ],
    });
  });

  it('is a warning on a WAF spike, missing alarm data or a partial rollout', () => {
    const result = assessHealth({
      ...quiet,
      alarms: { ...quiet.alarms, insufficientData: 1 },
      deployments: {
        ...quiet.deployments,
        ready: 3,
        progressingRollouts: ['staging/cart-service'],
      },
      waf: { blockedLastHour: 240, baselineBlockedPerHour: 12.4, spike: true },
    });
    expect(result.level).toBe('warning');
    expect(result.reasons).toEqual([
      '3/4 replicas ready',
      'Rolling out: staging/cart-service',
      '1 alarm with insufficient data',
      'WAF blocks 240/h against a baseline of 12/h',
    ]);
  });

  it('does not claim OK when a signal failed or is hidden from the viewer', () => {
    expect(
      assessHealth({
        ...quiet,
        errors: [{ scope: {}, name: 'ServiceUnavailableError', message: 'x' }],
      }).level,
    ).toBe('unknown');
    expect(assessHealth({ ...quiet, waf: undefined, denied: ['waf'] })).toEqual(
      { level: 'unknown', reasons: ['Not visible to you: waf'] },
    );
    expect(assessHealth({ denied: [], errors: [] }).level).toBe('unknown');
  });

  it('is "not deployed" (not OK) for a service no environment runs, and worse levels still win', () => {
    const notDeployed = {
      ...quiet,
      alarms: { ...quiet.alarms, worstState: 'NONE' as const, ok: 0 },
      deployments: {
        ...quiet.deployments,
        workloads: 0,
        notDeployed: true,
        ready: 0,
        desired: 0,
      },
    };
    expect(assessHealth(notDeployed)).toEqual({
      level: 'not-deployed',
      reasons: ['Not deployed yet: no workload in any environment'],
    });
    expect(
      assessHealth({
        ...notDeployed,
        alarms: { ...notDeployed.alarms, inAlarm: 1 },
      }).level,
    ).toBe('critical');
    expect(
      assessHealth({ ...notDeployed, waf: undefined, denied: ['waf'] }).level,
    ).toBe('unknown');
  });

  it('is "not deployed" for a website with no alarm in any environment, unless its alarms could not be read', () => {
    const site = {
      type: 'website',
      alarms: { ...quiet.alarms, worstState: 'NONE' as const, ok: 0 },
      waf: quiet.waf,
      denied: [],
      errors: [],
    };
    expect(assessHealth(site)).toEqual({
      level: 'not-deployed',
      reasons: ['Not deployed yet: no CloudFront alarm in any environment'],
    });
    // A service's alarms alone do not make it undeployed.
    expect(assessHealth({ ...site, type: 'service' }).level).toBe('ok');
    expect(
      assessHealth({
        ...site,
        errors: [
          {
            scope: { environment: 'prod' },
            name: 'ThrottlingException',
            message: 'x',
            signal: 'alarms' as const,
          },
        ],
      }).level,
    ).toBe('unknown');
    expect(assessHealth({ ...site, alarms: quiet.alarms }).level).toBe('ok');
  });

  it('treats a web ACL without the component label rule as a gap to fix, expected before the first deployment', () => {
    const labelGap = {
      scope: { environment: 'prod' },
      name: 'WafLabelRuleMissing',
      message: 'Web ACL inbestment-alb has no rule adding the label ...',
      signal: 'waf' as const,
    };
    expect(
      assessHealth({ ...quiet, waf: undefined, errors: [labelGap] }),
    ).toEqual({
      level: 'warning',
      reasons: ['WAF: no label rule for this component (docs/waf.md)'],
    });
    const notDeployed = {
      ...quiet,
      waf: undefined,
      errors: [labelGap],
      deployments: {
        ...quiet.deployments,
        workloads: 0,
        notDeployed: true,
        ready: 0,
        desired: 0,
      },
    };
    expect(assessHealth(notDeployed)).toEqual({
      level: 'not-deployed',
      reasons: ['Not deployed yet: no workload in any environment'],
    });
    // Any other WAF read error still means green cannot be claimed.
    expect(
      assessHealth({
        ...notDeployed,
        errors: [labelGap, { ...labelGap, name: 'ThrottlingException' }],
      }).level,
    ).toBe('unknown');
  });

  it('keeps a red signal red even when another signal failed', () => {
    expect(
      assessHealth({
        ...quiet,
        alarms: { ...quiet.alarms, inAlarm: 1 },
        errors: [{ scope: {}, name: 'ThrottlingException', message: 'x' }],
      }).level,
    ).toBe('critical');
  });
});

describe('deploymentsHealthOf', () => {
  it('sums replicas over environments and names failing rollouts and pods', () => {
    const pod = (name: string, status: string) => ({
      name,
      phase: 'Running',
      status,
      readyContainers: status === 'Running' ? 1 : 0,
      totalContainers: 1,
      restarts: 0,
    });
    const deployment = (
      name: string,
      ready: number,
      state: 'complete' | 'failed' | 'progressing',
      pods: ReturnType<typeof pod>[],
    ) => ({
      name,
      namespace: 'inbestment',
      replicas: { desired: 2, ready, updated: 2, available: ready },
      strategy: 'RollingUpdate',
      rollout: { state },
      conditions: [],
      images: [],
      pods,
    });
    const response: EksDeploymentsResponse = {
      source: 'demo',
      fetchedAt: new Date(0).toISOString(),
      entityRef: 'component:default/cart-service',
      labelSelector: 'backstage.io/kubernetes-id=cart-service',
      errors: [],
      environments: [
        {
          name: 'prod',
          accountId: '111122223333',
          region: 'eu-west-1',
          namespace: 'inbestment',
          deployments: [
            deployment('cart-service', 2, 'complete', [
              pod('a', 'Running'),
              pod('b', 'Running'),
            ]),
          ],
        },
        {
          name: 'staging',
          accountId: '444455556666',
          region: 'eu-west-1',
          namespace: 'inbestment',
          deployments: [
            deployment('cart-service', 1, 'failed', [
              pod('c', 'Running'),
              pod('d', 'CrashLoopBackOff'),
            ]),
          ],
        },
        // A cluster that could not be read has no deployments.
        {
          name: 'dr',
          accountId: '444455556666',
          region: 'eu-west-1',
          namespace: 'inbestment',
        },
      ],
    };
    expect(deploymentsHealthOf(response)).toEqual({
      workloads: 2,
      // dr could not be read: it may run something, so "not deployed" cannot be claimed
      notDeployed: false,
      ready: 3,
      desired: 4,
      failedRollouts: ['staging/cart-service'],
      progressingRollouts: [],
      crashLoopingPods: ['staging/d'],
    });
  });

  const environment = (name: string, deployments?: []) => ({
    name,
    accountId: '111122223333',
    region: 'eu-west-1',
    namespace: 'inbestment',
    ...(deployments ? { deployments } : {}),
  });
  const response = (
    environments: EksDeploymentsResponse['environments'],
  ): EksDeploymentsResponse => ({
    source: 'demo',
    fetchedAt: new Date(0).toISOString(),
    entityRef: 'component:default/new-service',
    labelSelector: 'backstage.io/kubernetes-id=new-service',
    errors: [],
    environments,
  });

  it('is "not deployed" when every environment was read and none runs a workload', () => {
    expect(
      deploymentsHealthOf(
        response([environment('prod', []), environment('staging', [])]),
      ),
    ).toMatchObject({ workloads: 0, notDeployed: true, ready: 0, desired: 0 });
  });

  it('does not claim "not deployed" while an environment could not be read', () => {
    expect(
      deploymentsHealthOf(
        response([environment('prod', []), environment('staging')]),
      ),
    ).toMatchObject({ workloads: 0, notDeployed: false });
  });
});
