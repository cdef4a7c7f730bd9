import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Clock } from '@internal/backstage-plugin-aws-ops-node';
import fs from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadStoreServices, seededRandom, StoreService } from './store';

/** The bundled store's scenario file. */
export const STORE_SCENARIO_FILE = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-demo',
  'scenario/inbestment-store.yaml',
);

const clockSchema = z.strictObject({
  cycleMinutes: z.number().int().positive(),
  seed: z.string().min(1),
});

const scenarioFileSchema = z.looseObject({ clock: clockSchema });

/** A section of the scenario file read through its schema; errors name the file and the path. */
export function parseSection<T>(
  scenario: Scenario,
  name: string,
  schema: z.ZodType<T>,
): T {
  const parsed = schema.safeParse(scenario.sections[name]);
  if (!parsed.success) {
    throw new Error(
      `${scenario.file}: ${parsed.error.issues
        .map(issue => `${[name, ...issue.path].join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * The scenario's one clock. Every time in the scenario file is minutes into a
 * cycle of `cycleMinutes` that repeats forever, so every domain's events line
 * up (a rollout at minute 0 and the alarm it trips at minute 4 are 4 minutes
 * apart on every page, today and a week ago).
 */
export class ScenarioClock {
  readonly cycleMs: number;

  constructor(
    readonly cycleMinutes: number,
    readonly seed: string,
    readonly now: Clock = Date.now,
  ) {
    this.cycleMs = cycleMinutes * 60_000;
  }

  /** When the cycle that holds `at` started. */
  cycleStart(at: number = this.now()): number {
    return at - (((at % this.cycleMs) + this.cycleMs) % this.cycleMs);
  }

  /** Minutes (fractional) since the start of the cycle that holds `at`. */
  minutesIntoCycle(at: number = this.now()): number {
    return (at - this.cycleStart(at)) / 60_000;
  }

  /**
   * The latest time at or before `at` that is `minute` minutes into a cycle:
   * where the scenario's event at that minute last happened.
   */
  lastOccurrence(minute: number, at: number = this.now()): number {
    const candidate = this.cycleStart(at) + minute * 60_000;
    return candidate <= at ? candidate : candidate - this.cycleMs;
  }

  /** A deterministic number in [0, 1) for `key`: the scenario's jitter, the same on every run. */
  jitter(key: string): number {
    return seededRandom(`${this.seed}:${key}`)();
  }
}

/** The loaded scenario: its clock, the store it plays on, and the raw domain sections. */
export interface Scenario {
  file: string;
  clock: ScenarioClock;
  /** The store's components with their catalog files and Kubernetes manifests. */
  store: StoreService[];
  /** Top-level sections other than `clock`, each parsed by its domain with `parseSection`. */
  sections: Record<string, unknown>;
  /** Throws unless `name` is a component of the store: a scenario never invents one. */
  assertComponent(name: string, where: string): void;
}

/** Reads a scenario file (default: the bundled store's) and the store folder it plays on. */
export async function loadScenario(options: {
  storeServicesDir: string;
  file?: string;
  clock?: Clock;
}): Promise<Scenario> {
  const file = options.file ?? STORE_SCENARIO_FILE;
  const raw = parse(await fs.readFile(file, 'utf8'));
  const parsed = scenarioFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `${file}: ${parsed.error.issues
        .map(issue => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const { clock, ...sections } = parsed.data;
  const store = await loadStoreServices(options.storeServicesDir);
  const components = new Set(
    store.flatMap(s =>
      s.entities.filter(e => e.kind === 'Component').map(e => e.metadata.name),
    ),
  );
  return {
    file,
    clock: new ScenarioClock(clock.cycleMinutes, clock.seed, options.clock),
    store,
    sections,
    assertComponent(name, where) {
      if (!components.has(name)) {
        throw new Error(
          `${file}: ${where} names '${name}', which is not a component of the store`,
        );
      }
    },
  };
}
