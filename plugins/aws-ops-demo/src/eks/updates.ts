import { EksUpdate } from '@internal/backstage-plugin-eks-node';
import { createHash } from 'node:crypto';
import { Scenario } from '../scenario';
import { EksSection } from './schema';

const MINUTE = 60_000;

/** A UUID-shaped id, stable for the same text (EKS update ids are UUIDs). */
function uuidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(
    16,
    20,
  )}-${h.slice(20, 32)}`;
}

/**
 * The EKS updates of one environment's cluster and node groups at `now`, as
 * DescribeUpdate would describe them: created `minutesBeforeCycle` before
 * the current cycle's start, InProgress for `minutes`, then their status.
 * Newest first. The id is stable within a cycle (it names the update of
 * that cycle), so caches keyed by id behave as with EKS.
 */
export function scenarioUpdates(
  scenario: Scenario,
  section: EksSection,
  environment: string,
  now: number = scenario.clock.now(),
): Array<{ nodeGroup?: string; update: EksUpdate }> {
  const cycleStart = scenario.clock.cycleStart(now);
  return (section.updates[environment] ?? [])
    .map(u => {
      const createdAt = cycleStart - u.minutesBeforeCycle * MINUTE;
      const params: Record<string, string> = { Version: u.version };
      if (u.platformVersion) {
        params[u.nodeGroup ? 'ReleaseVersion' : 'PlatformVersion'] =
          u.platformVersion;
      }
      return {
        nodeGroup: u.nodeGroup,
        update: {
          id: uuidOf(
            `eks-update:${environment}:${u.nodeGroup ?? ''}:${
              u.version
            }:${createdAt}`,
          ),
          type: 'VersionUpdate',
          status:
            now < createdAt + u.minutes * MINUTE ? 'InProgress' : u.status,
          createdAt: new Date(createdAt).toISOString(),
          params,
        } satisfies EksUpdate,
      };
    })
    .filter(u => Date.parse(u.update.createdAt) <= now)
    .sort((a, b) => b.update.createdAt.localeCompare(a.update.createdAt));
}
