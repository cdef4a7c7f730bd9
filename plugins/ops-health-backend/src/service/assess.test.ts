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
      ready: 3,
      desired: 4,
      failedRollouts: ['staging/cart-service'],
      progressingRollouts: [],
      crashLoopingPods: ['staging/d'],
    });
  });
});
