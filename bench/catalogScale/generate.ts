/*
 * A synthetic organisation of 10,000 catalog entities, written as YAML files
 * the way real repositories hold them: one catalog-info.yaml per service (with
 * the APIs it provides) and per library, one file per team (the group and its
 * members) and per system.
 *
 * Every entity carries the tag `bench-scale`, so the benchmark can count them
 * apart from the store's own files.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';

export const BENCH_TAG = 'bench-scale';

/** The default shape: 10,000 entities with 500 services. */
export const DEFAULT_SHAPE = {
  teams: 100,
  usersPerTeam: 20,
  servicesPerTeam: 5,
  apisPerService: 2,
  librariesPerTeam: 63,
};
export type Shape = typeof DEFAULT_SHAPE;

/**
 * `repos`: one file per service and per library, one per team and per system
 * (7,000 files for the default shape), as repositories hold them.
 * `teams`: one file per team holding all its entities (100 files).
 */
export type Layout = 'repos' | 'teams';

interface Doc {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    title?: string;
    description?: string;
    tags: string[];
    annotations?: Record<string, string>;
  };
  spec: Record<string, unknown>;
}

const pad = (n: number, width = 3) => String(n).padStart(width, '0');
const team = (t: number) => `bench-team-${pad(t)}`;
const system = (t: number) => `bench-system-${pad(t)}`;
const user = (t: number, u: number) => `bench-user-${pad(t)}-${pad(u, 2)}`;
const service = (t: number, s: number) => `bench-svc-${pad(t)}-${s}`;
const api = (t: number, s: number, a: number) =>
  `bench-api-${pad(t)}-${s}-${a}`;
const library = (t: number, l: number) => `bench-lib-${pad(t)}-${pad(l, 2)}`;

function entity(
  kind: string,
  name: string,
  spec: Record<string, unknown>,
  extra: Partial<Doc['metadata']> = {},
): Doc {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      description: `Generated ${kind.toLocaleLowerCase(
        'en',
      )} for the catalog scale benchmark`,
      tags: [BENCH_TAG],
      ...extra,
    },
    spec,
  };
}

export interface GeneratedCatalog {
  dir: string;
  layout: Layout;
  /** Glob of every generated file, for `inbestment.catalogFiles`. */
  glob: string;
  files: number;
  entities: number;
  services: number;
  /** The last service written: its relations tell when stitching has caught up. */
  lastService: {
    ref: string;
    owner: string;
    system: string;
    dependsOn: string[];
    providesApis: string[];
    consumesApis: string[];
  };
  /** A sample of entity refs (kind:namespace/name) for by-name requests. */
  sampleRefs: string[];
}

/**
 * Writes the organisation under `dir`. Relations: users memberOf their team,
 * systems, services, APIs and libraries ownedBy a team and partOf its system;
 * each service providesApi two APIs, consumesApi three of other teams' and
 * dependsOn four libraries and one other team's service; each library
 * dependsOn two others.
 */
export async function generateCatalog(
  dir: string,
  layout: Layout = 'repos',
  shape: Shape = DEFAULT_SHAPE,
): Promise<GeneratedCatalog> {
  const {
    teams,
    usersPerTeam,
    servicesPerTeam,
    apisPerService,
    librariesPerTeam,
  } = shape;
  const files = new Map<string, Doc[]>();
  const sampleRefs: string[] = [];
  let entities = 0;
  let lastService: GeneratedCatalog['lastService'] | undefined;
  let currentTeam = '';
  const add = (file: string, docs: Doc[]) => {
    const target = layout === 'teams' ? `teams/${currentTeam}.yaml` : file;
    files.set(target, [...(files.get(target) ?? []), ...docs]);
    entities += docs.length;
  };

  for (let t = 0; t < teams; t++) {
    currentTeam = team(t);
    const members = Array.from({ length: usersPerTeam }, (_, u) => user(t, u));
    add(`teams/${team(t)}.yaml`, [
      entity(
        'Group',
        team(t),
        {
          type: 'team',
          profile: {
            displayName: `Bench Team ${t}`,
            email: `${team(t)}@example.com`,
          },
          children: [],
        },
        {
          annotations: { 'inbestment.io/oncall-channel': `#oncall-${team(t)}` },
        },
      ),
      ...members.map(name =>
        entity('User', name, {
          profile: { displayName: name, email: `${name}@example.com` },
          memberOf: [team(t)],
        }),
      ),
    ]);
    add(`systems/${system(t)}.yaml`, [
      entity(
        'System',
        system(t),
        { owner: `group:default/${team(t)}` },
        { title: `Bench System ${t}` },
      ),
    ]);

    for (let s = 0; s < servicesPerTeam; s++) {
      const other = (t + 1 + s) % teams;
      const provides = Array.from({ length: apisPerService }, (_, a) =>
        api(t, s, a),
      );
      const consumes = [0, 1, 2].map(i =>
        api((t + 7 + i) % teams, (s + i) % servicesPerTeam, i % apisPerService),
      );
      const dependsOn = [
        ...[0, 1, 2, 3].map(
          i =>
            `component:default/${library(t, (s * 4 + i) % librariesPerTeam)}`,
        ),
        `component:default/${service(other, s)}`,
      ];
      add(`services/${service(t, s)}/catalog-info.yaml`, [
        entity('Component', service(t, s), {
          type: 'service',
          lifecycle: 'production',
          owner: `group:default/${team(t)}`,
          system: system(t),
          providesApis: provides,
          consumesApis: consumes,
          dependsOn,
        }),
        ...provides.map(name =>
          entity('API', name, {
            type: 'openapi',
            lifecycle: 'production',
            owner: `group:default/${team(t)}`,
            system: system(t),
            definition: `openapi: 3.0.3\ninfo: { title: ${name}, version: 1.0.0 }\npaths: {}\n`,
          }),
        ),
      ]);
      lastService = {
        ref: `component:default/${service(t, s)}`,
        owner: `group:default/${team(t)}`,
        system: `system:default/${system(t)}`,
        dependsOn,
        providesApis: provides.map(name => `api:default/${name}`),
        consumesApis: consumes.map(name => `api:default/${name}`),
      };
    }

    for (let l = 0; l < librariesPerTeam; l++) {
      add(`libraries/${library(t, l)}/catalog-info.yaml`, [
        entity('Component', library(t, l), {
          type: 'library',
          lifecycle: 'production',
          owner: `group:default/${team(t)}`,
          system: system(t),
          dependsOn: [1, 2].map(
            i => `component:default/${library(t, (l + i) % librariesPerTeam)}`,
          ),
        }),
      ]);
    }
    sampleRefs.push(
      `group:default/${team(t)}`,
      `user:default/${user(t, t % usersPerTeam)}`,
      `system:default/${system(t)}`,
      `component:default/${service(t, t % servicesPerTeam)}`,
      `api:default/${api(t, 0, 0)}`,
      `component:default/${library(t, t % librariesPerTeam)}`,
    );
  }

  for (const [file, docs] of files) {
    const target = path.join(dir, file);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(
      target,
      docs.map(doc => `---\n${yaml.stringify(doc)}`).join(''),
    );
  }
  return {
    dir,
    layout,
    glob: path.join(dir, '**/*.yaml'),
    files: files.size,
    entities,
    services: teams * servicesPerTeam,
    lastService: lastService!,
    sampleRefs,
  };
}
