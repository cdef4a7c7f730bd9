import { EksRollout } from '@internal/backstage-plugin-eks-common';
import { correlate } from './correlate';
import { alarmEvent, rolloutEvent } from './events';

const checkout = 'component:default/checkout-service';
const payment = 'component:default/payment-service';
const t0 = Date.parse('2026-12-01T10:00:00.000Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

function rollout(
  entityRef: string,
  minute: number,
  version: string,
  environment = 'prod',
) {
  const r: EksRollout = {
    environment,
    deployment: 'web',
    revision: String(minute + 100),
    version,
    images: [{ container: 'app', from: '4.9.0', to: version }],
    startedAt: at(minute),
    endedAt: at(minute + 8),
    outcome: 'completed',
  };
  return rolloutEvent(entityRef, r);
}

function alarm(
  minute: number,
  to: 'ALARM' | 'OK' = 'ALARM',
  environment = 'prod',
  entityRef = checkout,
) {
  return alarmEvent(entityRef, {
    alarmName: 'checkout-service-latency-p99',
    environment,
    timestamp: at(minute),
    from: to === 'ALARM' ? 'OK' : 'ALARM',
    to,
    reason: 'p99 latency above 1.5 s',
    consoleUrl: 'https://console.aws.amazon.com/',
  });
}

describe('correlate', () => {
  it('says an alarm fired within the window after a rollout of the component', () => {
    const events = [rollout(checkout, 0, '4.9.1'), alarm(4)];
    const [c, ...rest] = correlate(checkout, events, 15);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      minutesAfter: 4,
      environment: 'prod',
      alarmEntityRef: checkout,
      rolloutEntityRef: checkout,
      sentence:
        'checkout-service-latency-p99 fired 4 min after checkout-service 4.9.1 started rolling out in prod',
      alarmLink: '/catalog/default/component/checkout-service/alarms',
      rolloutLink: '/catalog/default/component/checkout-service/eks',
    });
    expect(c.alarmEventId).toBe(events[1].id);
    expect(c.rolloutEventId).toBe(events[0].id);
  });

  it('holds at the window edge and not a minute past it', () => {
    expect(
      correlate(checkout, [rollout(checkout, 0, '1'), alarm(15)], 15),
    ).toHaveLength(1);
    expect(
      correlate(checkout, [rollout(checkout, 0, '1'), alarm(16)], 15),
    ).toEqual([]);
    expect(
      correlate(checkout, [rollout(checkout, 0, '1'), alarm(16)], 20),
    ).toHaveLength(1);
  });

  it('never links an alarm to a later rollout, another environment, a recovery or another component’s alarm', () => {
    expect(
      correlate(checkout, [rollout(checkout, 5, '1'), alarm(4)], 15),
    ).toEqual([]);
    expect(
      correlate(checkout, [rollout(checkout, 0, '1', 'staging'), alarm(4)], 15),
    ).toEqual([]);
    expect(
      correlate(checkout, [rollout(checkout, 0, '1'), alarm(4, 'OK')], 15),
    ).toEqual([]);
    expect(
      correlate(
        checkout,
        [rollout(checkout, 0, '1'), alarm(4, 'ALARM', 'prod', payment)],
        15,
      ),
    ).toEqual([]);
  });

  it('names a dependency’s rollout, and reports every pair the rule finds, closest first', () => {
    const result = correlate(
      checkout,
      [rollout(checkout, 0, '4.9.1'), rollout(payment, 2, '3.12.2'), alarm(4)],
      15,
    );
    expect(result.map(c => c.sentence)).toEqual([
      'checkout-service-latency-p99 fired 2 min after payment-service 3.12.2 started rolling out in prod',
      'checkout-service-latency-p99 fired 4 min after checkout-service 4.9.1 started rolling out in prod',
    ]);
    expect(result[0].rolloutLink).toBe(
      '/catalog/default/component/payment-service/eks',
    );
  });

  it('lists the newest alarm first', () => {
    const result = correlate(
      checkout,
      [
        rollout(checkout, 0, '4.9.1'),
        alarm(4),
        rollout(checkout, 20, '4.9.2'),
        alarm(24),
      ],
      15,
    );
    expect(
      result.map(c => [c.minutesAfter, c.sentence.split(' ').at(-6)]),
    ).toEqual([
      [4, '4.9.2'],
      [4, '4.9.1'],
    ]);
  });
});
