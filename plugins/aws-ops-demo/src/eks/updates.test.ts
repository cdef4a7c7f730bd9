import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { loadScenario, Scenario } from '../scenario';
import { readEksSection } from './schema';
import { scenarioUpdates } from './updates';

const STORE_SERVICES = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-demo',
  '../../store-services',
);
const CYCLE = Date.parse('2026-11-23T10:00:00Z');
let scenario: Scenario;
beforeAll(async () => {
  scenario = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    clock: () => CYCLE,
  });
});

describe('scenarioUpdates', () => {
  it("plays the section's updates before the current cycle's start, newest first, with stable ids per cycle", () => {
    const section = readEksSection(scenario);
    const at = (minute: number) =>
      scenarioUpdates(scenario, section, 'staging', CYCLE + minute * 60_000);
    const updates = at(5);
    expect(
      updates.map(u => [u.nodeGroup, u.update.params, u.update.createdAt]),
    ).toEqual([
      [
        'general',
        { Version: '1.34', ReleaseVersion: '1.34.2-20261118' },
        new Date(CYCLE - 100 * 60_000).toISOString(),
      ],
      [
        undefined,
        { Version: '1.34', PlatformVersion: 'eks.12' },
        new Date(CYCLE - 2880 * 60_000).toISOString(),
      ],
      [
        'general',
        { Version: '1.33', ReleaseVersion: '1.33.5-20260601' },
        new Date(CYCLE - 250000 * 60_000).toISOString(),
      ],
    ]);
    expect(updates[0].update.id).toMatch(
      /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/,
    );
    expect(at(50)[0].update.id).toBe(updates[0].update.id);
    // The next cycle's update is another one.
    expect(at(65)[0].update.id).not.toBe(updates[0].update.id);
    expect(scenarioUpdates(scenario, section, 'nowhere', CYCLE)).toEqual([]);
  });

  it('is InProgress for its minutes, then its status', () => {
    const section = readEksSection(scenario);
    section.updates = {
      prod: [
        {
          version: '1.35',
          minutesBeforeCycle: 0,
          minutes: 25,
          status: 'Failed',
        },
      ],
    };
    const status = (minute: number) =>
      scenarioUpdates(scenario, section, 'prod', CYCLE + minute * 60_000)[0]
        .update.status;
    expect(status(5)).toBe('InProgress');
    expect(status(30)).toBe('Failed');
  });
});
