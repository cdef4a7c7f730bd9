import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AwsOpsCache,
  AwsTarget,
  createAwsOpsService,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AccountAlarmHistory,
  alarmConsoleUrl,
  AlarmHistoryRecord,
  AlarmsProvider,
  MetricRange,
} from '@internal/backstage-plugin-cloudwatch-node';
import { DefaultCloudWatchAlarmsService } from './DefaultCloudWatchAlarmsService';
import { HISTORY_BLOCK_MS, HISTORY_SETTLE_MS } from './alarmHistory';

const PROD = '111122223333';
const STAGING = '444455556666';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LIVE_TTL = 15_000;
/** 20 minutes past an hour. */
const T0 = Date.parse('2026-12-01T10:20:00Z');

/**
 * An account's history: every 7 minutes over the 30 hours before T0 and the
 * 3 hours after, alternating alarms and states. What a provider answers is
 * what has happened by the clock's now.
 */
function accountHistory(region: string): AlarmHistoryRecord[] {
  const names = [
    'checkout-service-latency-p99',
    'payment-service-errors',
    'checkout-service-5xx-rate',
  ];
  const records: AlarmHistoryRecord[] = [];
  for (let t = T0 - 30 * HOUR, i = 0; t < T0 + 3 * HOUR; t += 7 * MINUTE, i++) {
    const name = names[i % names.length];
    const up = Math.floor(i / names.length) % 2 === 0;
    records.push({
      alarmName: name,
      timestamp: new Date(t).toISOString(),
      from: up ? 'OK' : 'ALARM',
      to: up ? 'ALARM' : 'OK',
      reason: `change ${i}`,
      consoleUrl: alarmConsoleUrl(region, name),
    });
  }
  return records;
}

class RecordingProvider implements AlarmsProvider {
  readonly source = 'aws' as const;
  reads: Array<{ region: string; start: number; end: number }> = [];
  failing = new Set<string>();
  constructor(private readonly now: () => number) {}
  async describeAlarms() {
    return { alarms: [], skipped: 0 };
  }
  async getMetricData() {
    return {};
  }
  async describeAlarmHistory(
    target: AwsTarget,
    range: MetricRange,
  ): Promise<AccountAlarmHistory> {
    this.reads.push({ region: target.region, ...range });
    if (this.failing.has(target.region)) {
      throw Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
      });
    }
    const now = this.now();
    return {
      changes: accountHistory(target.region).filter(record => {
        const t = Date.parse(record.timestamp);
        return t >= range.start && t < range.end && t <= now;
      }),
      skipped: 1,
    };
  }
}

describe('DefaultCloudWatchAlarmsService.getAlarmHistory', () => {
  let now: number;
  let provider: RecordingProvider;
  let service: DefaultCloudWatchAlarmsService;
  const clock = () => now;
  const entity = (name: string) =>
    grantAsStoreEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name },
      spec: { type: 'service', owner: 'team', lifecycle: 'production' },
    });
  /** What a complete read of the window must hold for checkout-service in prod. */
  const expectedChanges = (start: number, end: number) =>
    accountHistory('eu-west-1')
      .filter(record => {
        const t = Date.parse(record.timestamp);
        return (
          record.alarmName.startsWith('checkout-service-') &&
          t >= start &&
          t < end &&
          t <= now
        );
      })
      .map(record => ({ ...record, environment: 'prod' }));
  /** Lets background refreshes of stale entries run. */
  const settle = () => new Promise(resolve => setTimeout(resolve, 10));

  beforeEach(() => {
    now = T0;
    provider = new RecordingProvider(clock);
    const awsOps = createAwsOpsService(
      new ConfigReader({
        awsOps: {
          source: 'aws',
          cache: { liveTtlSeconds: LIVE_TTL / 1000 },
          accounts: [
            { accountId: PROD, regions: ['eu-west-1'] },
            { accountId: STAGING, regions: ['eu-west-2'] },
          ],
          environments: [
            { name: 'prod', accountId: PROD, region: 'eu-west-1' },
            { name: 'staging', accountId: STAGING, region: 'eu-west-2' },
          ],
        },
      }),
      mockServices.rootLogger(),
      memoryCacheService(),
    );
    service = new DefaultCloudWatchAlarmsService({
      awsOps: {
        ...awsOps,
        cache: new AwsOpsCache(memoryCacheService(), {
          maxLocalEntries: 1000,
          maxStaleMs: 48 * HOUR,
          clock,
        }),
      },
      cloudWatchConfig: { metricDataTtlMs: 60_000, metricDataBatchMs: 10 },
      provider,
      clock,
    });
  });

  it('reads a cold 24 h window as one stream of closed hours plus the open part, per account+region', async () => {
    const claims = await entity('checkout-service');
    const range = { start: now - 24 * HOUR, end: now };
    const res = await service.getAlarmHistory(claims, range);

    const prodReads = provider.reads.filter(r => r.region === 'eu-west-1');
    const closedEnd = Math.floor(now / HOUR) * HOUR;
    expect(prodReads).toEqual([
      {
        region: 'eu-west-1',
        start: Math.floor(range.start / HOUR) * HOUR,
        end: closedEnd,
      },
      { region: 'eu-west-1', start: closedEnd, end: now + 1 },
    ]);
    expect(provider.reads).toHaveLength(4);
    const prod = res.changes.filter(c => c.environment === 'prod');
    expect(prod).toEqual(expectedChanges(range.start, range.end));
    expect(res.changes.filter(c => c.environment === 'staging')).toHaveLength(
      prod.length,
    );
    const times = res.changes.map(c => c.timestamp);
    expect(times).toEqual([...times].sort());
    expect(res.changes.map(c => c.alarmName)).not.toContain(
      'payment-service-errors',
    );
    expect(res.start).toBe(new Date(range.start).toISOString());
    expect(res.end).toBe(new Date(range.end).toISOString());
    expect(res.fetchedAt).toBe(new Date(now).toISOString());
    expect(res.errors).toEqual([]);
    // One unreadable item per stream: the closed span and the open part, in both accounts.
    expect(res.skipped).toBe(4);
  });

  it('refreshes only the open part in steady state, and one more block when an hour closes', async () => {
    const claims = await entity('checkout-service');
    const read = () =>
      service.getAlarmHistory(claims, { start: now - 6 * HOUR, end: now });
    await read();
    const cold = provider.reads.length;

    // Within the live TTL: nothing is read.
    now += LIVE_TTL - 1;
    await read();
    expect(provider.reads).toHaveLength(cold);

    // Past it: one call per account+region, for the open part only.
    now += 2;
    await read();
    await settle();
    const steady = provider.reads.slice(cold);
    expect(steady).toEqual([
      { region: 'eu-west-1', start: T0 - 20 * MINUTE, end: now + 1 },
      { region: 'eu-west-2', start: T0 - 20 * MINUTE, end: now + 1 },
    ]);
    // Served stale while it refreshed; complete on the next read.
    const fresh = await read();
    expect(fresh.changes.filter(c => c.environment === 'prod')).toEqual(
      expectedChanges(now - 6 * HOUR, now),
    );

    // The hour closes (once settled): its block is read once, then cached.
    now = T0 + 40 * MINUTE + HISTORY_SETTLE_MS + 1;
    const before = provider.reads.length;
    await read();
    await settle();
    const closing = provider.reads
      .slice(before)
      .filter(r => r.region === 'eu-west-1');
    expect(closing).toEqual([
      { region: 'eu-west-1', start: T0 - 20 * MINUTE, end: T0 + 40 * MINUTE },
      expect.objectContaining({ start: T0 + 40 * MINUTE }),
    ]);
    const after = await read();
    expect(after.changes.filter(c => c.environment === 'prod')).toEqual(
      expectedChanges(now - 6 * HOUR, now),
    );
    expect(HISTORY_BLOCK_MS).toBe(HOUR);
  });

  it('keeps what loaded when one account+region fails, with the failure next to it', async () => {
    provider.failing.add('eu-west-2');
    const claims = await entity('checkout-service');
    const res = await service.getAlarmHistory(claims, {
      start: now - HOUR,
      end: now,
    });
    expect(res.changes.length).toBeGreaterThan(0);
    expect(res.changes.every(c => c.environment === 'prod')).toBe(true);
    expect(res.errors).toEqual([
      expect.objectContaining({
        scope: {
          environment: 'staging',
          accountId: STAGING,
          region: 'eu-west-2',
        },
        message: expect.stringContaining('Rate exceeded'),
      }),
    ]);
  });

  it('looks nothing up for an entity that claims no alarms', async () => {
    const claims = await entity('checkout-service');
    const res = await service.getAlarmHistory(
      {
        ...claims,
        links: {
          ...claims.links,
          alarms: { names: [], arns: [] },
        },
      },
      { start: now - HOUR, end: now },
    );
    expect(res.changes).toEqual([]);
    expect(provider.reads).toEqual([]);
  });
});
