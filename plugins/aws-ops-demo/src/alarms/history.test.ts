import path from 'node:path';
import { loadScenario } from '../scenario';
import { ScenarioAlarmsProvider } from './ScenarioAlarmsProvider';

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');
const ACCOUNT = '123456789012';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A cycle start: the scenario's 60-minute cycle counts from the epoch. */
const CYCLE = Date.UTC(2026, 10, 23, 10, 0);
const PROD = { accountId: ACCOUNT, region: 'eu-west-1' };
const STAGING = { accountId: ACCOUNT, region: 'eu-west-2' };
const iso = (t: number) => new Date(t).toISOString();

let clockNow = CYCLE;
let provider: ScenarioAlarmsProvider;

beforeAll(async () => {
  const scenario = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    clock: () => clockNow,
  });
  provider = new ScenarioAlarmsProvider(scenario, [
    { name: 'prod', ...PROD },
    { name: 'staging', ...STAGING },
  ]);
});

/** The provider on a scenario clock that stands at `now`. */
async function providerAt(now: number) {
  clockNow = now;
  return provider;
}

describe('ScenarioAlarmsProvider.describeAlarmHistory', () => {
  it('plays the checkout-service latency alarm of prod: ALARM at 4, 24, 44 and OK at 12, 32, 52 of each cycle', async () => {
    const now = CYCLE + 47 * MINUTE;
    const at = await providerAt(now);
    const { changes, skipped } = await at.describeAlarmHistory(PROD, {
      start: now - HOUR,
      end: now,
    });
    expect(skipped).toBe(0);
    const latency = changes.filter(
      c => c.alarmName === 'checkout-service-latency-p99',
    );
    expect(latency.map(c => [c.timestamp, c.from, c.to])).toEqual([
      [iso(CYCLE - 8 * MINUTE), 'ALARM', 'OK'],
      [iso(CYCLE + 4 * MINUTE), 'OK', 'ALARM'],
      [iso(CYCLE + 12 * MINUTE), 'ALARM', 'OK'],
      [iso(CYCLE + 24 * MINUTE), 'OK', 'ALARM'],
      [iso(CYCLE + 32 * MINUTE), 'ALARM', 'OK'],
      [iso(CYCLE + 44 * MINUTE), 'OK', 'ALARM'],
    ]);
    expect(latency[1].reason).toContain(
      'the p99 latency of checkout-service crossed its threshold',
    );
    expect(latency[1].consoleUrl).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/checkout-service-latency-p99',
    );
    // The composite alarm over it follows it.
    const composite = changes.filter(
      c => c.alarmName === 'checkout-service-health',
    );
    expect(composite.map(c => [c.timestamp, c.to])).toEqual(
      latency.map(c => [c.timestamp, c.to]),
    );
    // Oldest first, nothing after now.
    const times = changes.map(c => c.timestamp);
    expect(times).toEqual([...times].sort());
    expect(times.every(t => t <= iso(now))).toBe(true);
  });

  it('plays the recommendation-service restarts alarm of staging: OK at 46 after the rollout, ALARM again at 49', async () => {
    for (const [minute, state, since] of [
      [45, 'ALARM', CYCLE - 11 * MINUTE],
      [47, 'OK', CYCLE + 46 * MINUTE],
      [50, 'ALARM', CYCLE + 49 * MINUTE],
    ] as const) {
      const now = CYCLE + minute * MINUTE;
      const at = await providerAt(now);
      const { changes } = await at.describeAlarmHistory(STAGING, {
        start: now - 2 * HOUR,
        end: now,
      });
      const restarts = changes.filter(
        c => c.alarmName === 'recommendation-service-pod-restarts',
      );
      const last = restarts[restarts.length - 1];
      expect([last.to, last.timestamp]).toEqual([state, iso(since)]);
      const { alarms } = await at.describeAlarms(STAGING);
      const alarm = alarms.find(
        a => a.name === 'recommendation-service-pod-restarts',
      )!;
      expect([alarm.state, alarm.stateUpdatedAt]).toEqual([state, iso(since)]);
    }
    const at = await providerAt(CYCLE + 50 * MINUTE);
    const { changes } = await at.describeAlarmHistory(STAGING, {
      start: CYCLE,
      end: CYCLE + HOUR,
    });
    expect(
      changes
        .filter(c => c.alarmName === 'recommendation-service-pod-restarts')
        .map(c => [c.timestamp, c.from, c.to]),
    ).toEqual([
      [iso(CYCLE + 46 * MINUTE), 'ALARM', 'OK'],
      [iso(CYCLE + 49 * MINUTE), 'OK', 'ALARM'],
    ]);
    // In prod it never changes.
    const prod = await at.describeAlarmHistory(PROD, {
      start: CYCLE,
      end: CYCLE + HOUR,
    });
    expect(
      prod.changes.filter(
        c => c.alarmName === 'recommendation-service-pod-restarts',
      ),
    ).toEqual([]);
  });

  it('ends every alarm history in the state and time describeAlarms shows, at any minute', async () => {
    for (const minute of [0, 3, 4, 13, 30, 46, 47, 49, 59]) {
      const now = CYCLE + minute * MINUTE + 30_000;
      const at = await providerAt(now);
      for (const target of [PROD, STAGING]) {
        const { changes } = await at.describeAlarmHistory(target, {
          start: now - 24 * HOUR,
          end: now + HOUR,
        });
        const { alarms } = await at.describeAlarms(target);
        for (const alarm of alarms) {
          const own = changes.filter(c => c.alarmName === alarm.name);
          if (own.length === 0) continue;
          const last = own[own.length - 1];
          expect([alarm.name, last.to, last.timestamp]).toEqual([
            alarm.name,
            alarm.state,
            alarm.stateUpdatedAt,
          ]);
          // Each change starts where the one before ended.
          own.slice(1).forEach((change, i) => {
            expect(change.from).toBe(own[i].to);
          });
        }
      }
    }
  });
});
