import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { loadScenario } from '../scenario';
import { readAlarmsSection } from './schema';

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');

const latency = (environments: object) => ({
  name: 'checkout-service-latency-p99',
  metric: {
    namespace: 'AWS/ApplicationELB',
    name: 'TargetResponseTime',
    statistic: 'p99',
    period: 60,
  },
  threshold: 1.5,
  comparison: 'GreaterThanThreshold',
  evaluationPeriods: 5,
  environments,
});

async function sectionOf(alarms: object) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'alarms-scenario-'));
  const file = path.join(dir, 'scenario.yaml');
  await fs.writeFile(
    file,
    stringify({ clock: { cycleMinutes: 60, seed: 'test' }, alarms }),
  );
  const scenario = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    file,
  });
  return () => readAlarmsSection(scenario);
}

describe('the alarms section', () => {
  it('reads the bundled store scenario: every store component has alarms', async () => {
    const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
    const section = readAlarmsSection(scenario);
    const components = scenario.store.flatMap(s =>
      s.entities.filter(e => e.kind === 'Component').map(e => e.metadata.name),
    );
    expect(Object.keys(section.components).sort()).toEqual(components.sort());
    for (const alarms of Object.values(section.components)) {
      expect(alarms.length).toBeGreaterThan(0);
    }
  });

  it('defaults a story to OK all the time', async () => {
    const read = await sectionOf({
      components: { 'checkout-service': [latency({ prod: { baseline: 1 } })] },
    });
    const alarm = read().components['checkout-service'][0] as any;
    expect(alarm.environments.prod.states).toEqual([{ state: 'OK' }]);
  });

  it.each([
    [
      'a component that is not in the store',
      { components: { 'no-such-service': [] } },
      /names 'no-such-service', which is not a component of the store/,
    ],
    [
      'a minute beyond the cycle',
      {
        components: {
          'checkout-service': [
            latency({
              prod: { baseline: 1, breaches: [{ from: 50, to: 70, value: 2 }] },
            }),
          ],
        },
      },
      /minutes must be within the 60-minute cycle/,
    ],
    [
      'states out of order',
      {
        components: {
          'checkout-service': [
            latency({
              prod: {
                states: [
                  { at: 12, state: 'OK' },
                  { at: 4, state: 'ALARM' },
                ],
              },
            }),
          ],
        },
      },
      /states must be in time order/,
    ],
    [
      'an unknown state',
      {
        components: {
          'checkout-service': [
            latency({ prod: { states: [{ state: 'FIRING' }] } }),
          ],
        },
      },
      /alarms\.components\.checkout-service\.0/,
    ],
    [
      'a composite alarm over an alarm that does not exist',
      {
        components: {
          'checkout-service': [
            {
              name: 'checkout-service-health',
              children: ['nope'],
              environments: ['prod'],
            },
          ],
        },
      },
      /child nope is not a metric alarm of the scenario/,
    ],
    [
      'an alarm listed twice',
      {
        components: {
          'checkout-service': [latency({ prod: {} })],
          'cart-service': [latency({ prod: {} })],
        },
      },
      /checkout-service-latency-p99 is listed twice/,
    ],
  ])(
    'refuses %s, naming the file and the place',
    async (_, alarms, message) => {
      const read = await sectionOf(alarms).catch(error => () => {
        throw error;
      });
      expect(read).toThrow(message);
      expect(read).toThrow(/scenario\.yaml/);
    },
  );
});
