import {
  Deployment,
  DeploymentCondition,
  ReplicaSet,
} from '../kubernetes/types';
import { deriveRollouts } from './deriveRollouts';

const T0 = Date.parse('2026-11-23T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const UID = 'd-uid';

function rs(
  name: string,
  revision: number,
  tag: string,
  createdMinute: number,
  options: { history?: number[]; owner?: string; sidecar?: string } = {},
): ReplicaSet {
  const containers = [
    { name: 'app', image: `registry.example:5000/shop/checkout:${tag}` },
  ];
  if (options.sidecar)
    containers.push({ name: 'envoy', image: `envoy:${options.sidecar}` });
  return {
    metadata: {
      name,
      creationTimestamp: at(createdMinute),
      annotations: {
        'deployment.kubernetes.io/revision': String(revision),
        ...(options.history
          ? {
              'deployment.kubernetes.io/revision-history':
                options.history.join(','),
            }
          : {}),
      },
      ownerReferences: [
        { kind: 'Deployment', name: 'checkout', uid: options.owner ?? UID },
      ],
    },
    spec: { replicas: 0, template: { spec: { containers } } },
  };
}

function deployment(
  revision: number,
  tag: string,
  state: 'complete' | 'progressing' | 'stalled',
  progressing: Partial<DeploymentCondition>,
  extra: { progressDeadlineSeconds?: number } = {},
): Deployment {
  const desired = 4;
  return {
    metadata: {
      name: 'checkout',
      uid: UID,
      generation: 7,
      annotations: { 'deployment.kubernetes.io/revision': String(revision) },
    },
    spec: {
      replicas: desired,
      ...extra,
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: `registry.example:5000/shop/checkout:${tag}`,
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 7,
      replicas: state === 'complete' ? desired : desired + 1,
      updatedReplicas: state === 'complete' ? desired : 1,
      availableReplicas: desired,
      readyReplicas: desired,
      conditions: [
        { type: 'Available', status: 'True' },
        {
          type: 'Progressing',
          status: state === 'stalled' ? 'False' : 'True',
          ...progressing,
        },
      ],
    },
  };
}

describe('deriveRollouts', () => {
  it('a first revision that completed: no image before, ended when the Progressing condition said NewReplicaSetAvailable', () => {
    const rollouts = deriveRollouts(
      deployment(1, '1.0.0', 'complete', {
        reason: 'NewReplicaSetAvailable',
        lastUpdateTime: at(3),
        lastTransitionTime: at(0),
      }),
      [rs('checkout-a', 1, '1.0.0', 0)],
    );
    expect(rollouts).toEqual([
      {
        deployment: 'checkout',
        revision: '1',
        version: '1.0.0',
        images: [
          { container: 'app', to: 'registry.example:5000/shop/checkout:1.0.0' },
        ],
        startedAt: at(0),
        endedAt: at(3),
        outcome: 'completed',
      },
    ]);
  });

  it('a progressing rollout after two completed ones; images before and after per container', () => {
    const rollouts = deriveRollouts(
      deployment(5, '4.9.0', 'progressing', {
        reason: 'ReplicaSetUpdated',
        lastUpdateTime: at(66),
        lastTransitionTime: at(-100),
      }),
      [
        rs('checkout-c', 5, '4.9.0', 60),
        rs('checkout-a', 3, '4.9.1', 0),
        rs('checkout-b', 4, '4.9.2', 20),
        // Another Deployment's ReplicaSet is not this one's history.
        rs('other-x', 6, '9.9.9', 50, { owner: 'other' }),
      ],
    );
    expect(
      rollouts.map(r => [
        r.revision,
        r.version,
        r.outcome,
        r.startedAt,
        r.endedAt,
      ]),
    ).toEqual([
      ['3', '4.9.1', 'completed', at(0), undefined],
      ['4', '4.9.2', 'completed', at(20), undefined],
      ['5', '4.9.0', 'progressing', at(60), undefined],
    ]);
    expect(rollouts[2].images).toEqual([
      {
        container: 'app',
        from: 'registry.example:5000/shop/checkout:4.9.2',
        to: 'registry.example:5000/shop/checkout:4.9.0',
      },
    ]);
    // The oldest kept ReplicaSet has no predecessor: no image before it.
    expect(rollouts[0].images[0].from).toBeUndefined();
  });

  it('a stalled rollout: ProgressDeadlineExceeded, ended when the deadline was found exceeded', () => {
    const rollouts = deriveRollouts(
      deployment(8, '2.3.1', 'stalled', {
        reason: 'ProgressDeadlineExceeded',
        lastUpdateTime: at(56),
        lastTransitionTime: at(56),
      }),
      [rs('rec-a', 7, '2.3.0', -600), rs('rec-b', 8, '2.3.1', 46)],
    );
    expect(rollouts.at(-1)).toMatchObject({
      revision: '8',
      version: '2.3.1',
      outcome: 'stalled',
      startedAt: at(46),
      endedAt: at(56),
    });
  });

  it('a rollback re-uses the older ReplicaSet: the rollout it undid is rolled-back, the re-use starts when Progressing turned True again', () => {
    const rollouts = deriveRollouts(
      deployment(9, '2.3.0', 'complete', {
        reason: 'NewReplicaSetAvailable',
        lastUpdateTime: at(105),
        lastTransitionTime: at(105),
      }),
      [
        // 2.3.0 was revision 7, then rolled back to as revision 9.
        rs('rec-a', 9, '2.3.0', -600, { history: [7] }),
        rs('rec-b', 8, '2.3.1', 46),
      ],
    );
    expect(
      rollouts.map(r => [
        r.revision,
        r.version,
        r.outcome,
        r.startedAt,
        r.endedAt,
      ]),
    ).toEqual([
      ['7', '2.3.0', 'completed', at(-600), undefined],
      ['8', '2.3.1', 'rolled-back', at(46), at(105)],
      ['9', '2.3.0', 'completed', at(105), at(105)],
    ]);
    expect(rollouts[2].images[0]).toEqual({
      container: 'app',
      from: 'registry.example:5000/shop/checkout:2.3.1',
      to: 'registry.example:5000/shop/checkout:2.3.0',
    });
  });

  it('an older re-use has no recorded start: left out, the revision it undid still rolled-back without an end', () => {
    const rollouts = deriveRollouts(
      deployment(11, '2.3.2', 'complete', {
        reason: 'NewReplicaSetAvailable',
        lastUpdateTime: at(230),
        lastTransitionTime: at(-700),
      }),
      [
        rs('rec-a', 9, '2.3.0', -600, { history: [7] }),
        rs('rec-b', 8, '2.3.1', 46),
        rs('rec-c', 11, '2.3.2', 220),
      ],
    );
    expect(rollouts.map(r => [r.revision, r.outcome, r.endedAt])).toEqual([
      ['7', 'completed', undefined],
      ['8', 'rolled-back', undefined],
      ['11', 'completed', at(230)],
    ]);
  });

  it('a rollout replaced within the progress deadline is superseded, ended by the next start', () => {
    const rollouts = deriveRollouts(
      deployment(
        3,
        '1.2.0',
        'complete',
        {
          reason: 'NewReplicaSetAvailable',
          lastUpdateTime: at(9),
        },
        { progressDeadlineSeconds: 300 },
      ),
      [
        rs('a', 1, '1.0.0', -60),
        rs('b', 2, '1.1.0', 0),
        rs('c', 3, '1.2.0', 4),
      ],
    );
    expect(rollouts.map(r => [r.revision, r.outcome, r.endedAt])).toEqual([
      ['1', 'completed', undefined],
      ['2', 'superseded', at(4)],
      ['3', 'completed', at(9)],
    ]);
  });

  it("a sidecar image is compared per container; the version is the first container's tag", () => {
    const rollouts = deriveRollouts(
      deployment(2, '1.0.0', 'progressing', { reason: 'ReplicaSetUpdated' }),
      [
        rs('a', 1, '1.0.0', 0, { sidecar: '1.30' }),
        rs('b', 2, '1.0.0', 30, { sidecar: '1.31' }),
      ],
    );
    expect(rollouts[1]).toMatchObject({
      version: '1.0.0',
      outcome: 'progressing',
      images: [
        {
          container: 'app',
          from: 'registry.example:5000/shop/checkout:1.0.0',
          to: 'registry.example:5000/shop/checkout:1.0.0',
        },
        { container: 'envoy', from: 'envoy:1.30', to: 'envoy:1.31' },
      ],
    });
  });

  it('a Deployment without ReplicaSets, or with ReplicaSets lacking a revision, has no rollouts', () => {
    const d = deployment(1, '1.0.0', 'complete', {});
    expect(deriveRollouts(d, [])).toEqual([]);
    const unannotated = rs('a', 1, '1.0.0', 0);
    unannotated.metadata.annotations = {};
    expect(deriveRollouts(d, [unannotated])).toEqual([]);
  });
});
