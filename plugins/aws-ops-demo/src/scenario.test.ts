import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { storeComponents } from '@internal/backstage-plugin-aws-ops-node/testUtils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { loadScenario, parseSection, ScenarioClock } from './scenario';

const STORE_SERVICES = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-demo',
  '../../store-services',
);

describe('ScenarioClock', () => {
  const clock = new ScenarioClock(60, 'seed');
  const at = Date.parse('2026-12-01T10:47:30.000Z');

  it('places a time in its cycle', () => {
    expect(new Date(clock.cycleStart(at)).toISOString()).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(clock.minutesIntoCycle(at)).toBe(47.5);
  });

  it("finds where a minute's event last happened, this cycle or the one before", () => {
    expect(new Date(clock.lastOccurrence(40, at)).toISOString()).toBe(
      '2026-12-01T10:40:00.000Z',
    );
    expect(new Date(clock.lastOccurrence(50, at)).toISOString()).toBe(
      '2026-12-01T09:50:00.000Z',
    );
  });

  it('gives the same jitter for the same seed and key, another for another key', () => {
    expect(clock.jitter('a')).toBe(new ScenarioClock(60, 'seed').jitter('a'));
    expect(clock.jitter('a')).not.toBe(clock.jitter('b'));
    expect(clock.jitter('a')).not.toBe(new ScenarioClock(60, 'x').jitter('a'));
  });
});

describe('loadScenario', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scenario-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it("loads the bundled store's scenario with every store component", async () => {
    const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
    expect(scenario.clock.cycleMinutes).toBe(60);
    expect(Object.keys(scenario.sections).sort()).toEqual([
      'access',
      'alarms',
      'eks',
      'waf',
    ]);
    const components = scenario.store
      .flatMap(s => s.entities)
      .filter(e => e.kind === 'Component')
      .map(e => e.metadata.name)
      .sort();
    expect(components).toEqual(storeComponents().map(c => c.name));
    expect(() =>
      scenario.assertComponent('checkout-service', 'eks'),
    ).not.toThrow();
    expect(() => scenario.assertComponent('no-such-service', 'eks.x')).toThrow(
      "eks.x names 'no-such-service', which is not a component of the store",
    );
  });

  it('refuses a file without a valid clock, naming the file and the path', async () => {
    const file = write('bad.yaml', 'clock: { cycleMinutes: -5, seed: s }\n');
    await expect(
      loadScenario({ storeServicesDir: STORE_SERVICES, file }),
    ).rejects.toThrow(`${file}: clock.cycleMinutes`);
  });

  it('reads a section through its schema, with the path of what is wrong', async () => {
    const file = write(
      'section.yaml',
      'clock: { cycleMinutes: 30, seed: s }\nthings: { count: many }\n',
    );
    const scenario = await loadScenario({
      storeServicesDir: STORE_SERVICES,
      file,
    });
    expect(() =>
      parseSection(scenario, 'things', z.object({ count: z.number() })),
    ).toThrow(`${file}: things.count:`);
    expect(
      parseSection(scenario, 'things', z.object({ count: z.string() })),
    ).toEqual({ count: 'many' });
  });
});
