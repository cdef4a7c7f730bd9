import { EksUpdate } from '../providers/types';
import { toVersionChanges } from './versionChanges';

const update = (
  id: string,
  createdAt: string,
  status: EksUpdate['status'],
  params: Record<string, string>,
  type = 'VersionUpdate',
): EksUpdate => ({ id, type, status, createdAt, params });

describe('toVersionChanges', () => {
  it('keeps version updates oldest first; the control plane came from the previous successful version, else the minor before', () => {
    const changes = toVersionChanges(
      { environment: 'prod', cluster: 'inbestment-prod' },
      [
        update('c', '2026-11-22T14:05:12.310Z', 'Successful', {
          Version: '1.35',
          PlatformVersion: 'eks.1',
        }),
        update(
          'e',
          '2026-11-20T20:35:55.050Z',
          'Successful',
          { EndpointPublicAccess: 'false' },
          'EndpointAccessUpdate',
        ),
        update('b', '2026-08-03T09:12:40.000Z', 'Successful', {
          Version: '1.34',
          PlatformVersion: 'eks.9',
        }),
        update('f', '2026-08-01T09:00:00.000Z', 'Failed', { Version: '1.34' }),
      ],
    );
    expect(changes).toEqual([
      {
        environment: 'prod',
        cluster: 'inbestment-prod',
        updateId: 'f',
        from: '1.33',
        to: '1.34',
        status: 'Failed',
        startedAt: '2026-08-01T09:00:00.000Z',
      },
      {
        environment: 'prod',
        cluster: 'inbestment-prod',
        updateId: 'b',
        from: '1.33',
        to: '1.34',
        status: 'Successful',
        startedAt: '2026-08-03T09:12:40.000Z',
      },
      {
        environment: 'prod',
        cluster: 'inbestment-prod',
        updateId: 'c',
        from: '1.34',
        to: '1.35',
        status: 'Successful',
        startedAt: '2026-11-22T14:05:12.310Z',
      },
    ]);
  });

  it('a node group has no version before unless an earlier successful update says it', () => {
    const changes = toVersionChanges(
      {
        environment: 'staging',
        cluster: 'inbestment-staging',
        nodeGroup: 'general',
      },
      [
        update('n2', '2026-11-23T09:40:00.000Z', 'InProgress', {
          Version: '1.35',
          ReleaseVersion: '1.35.0-20261118',
        }),
        update('n1', '2026-11-22T20:00:00.000Z', 'Failed', { Version: '1.35' }),
        update('n0', '2026-06-01T08:00:00.000Z', 'Successful', {
          Version: '1.33',
        }),
      ],
    );
    expect(
      changes.map(c => [c.updateId, c.nodeGroup, c.from, c.to, c.status]),
    ).toEqual([
      ['n0', 'general', undefined, '1.33', 'Successful'],
      ['n1', 'general', '1.33', '1.35', 'Failed'],
      ['n2', 'general', '1.33', '1.35', 'InProgress'],
    ]);
  });
});
