/*
 * Validates the bundled store catalog (catalog/ and store-services/) with
 * Backstage's own entity policies and kind validators, checks that every
 * relation points at an entity that exists, and checks the files each
 * component promises: TechDocs, OpenAPI definitions and Kubernetes manifests.
 */
import fs from 'fs';
import path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import {
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  KindValidator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CATALOG_DIR = path.join(REPO_ROOT, 'catalog');
const STORE_DIR = path.join(REPO_ROOT, 'store-services');

// The same policies the catalog backend applies before the kind validators.
const policies = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

const kindValidators: KindValidator[] = [
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

/** Throws with a reason when Backstage would reject the entity. */
async function validateEntity(raw: unknown): Promise<Entity> {
  const entity = await policies.enforce(structuredClone(raw) as Entity);
  if (!entity) {
    throw new Error('rejected by the entity policies');
  }
  let accepted = false;
  for (const validator of kindValidators) {
    // check() returns false for a foreign kind and throws for an invalid entity
    if (await validator.check(entity)) {
      accepted = true;
    }
  }
  if (!accepted) {
    throw new Error(
      `no kind validator accepts ${entity.apiVersion} ${entity.kind}`,
    );
  }
  return entity;
}

type RelationField = { field: string; defaultKind?: string };

// Relation-bearing spec fields per kind, with the default kind Backstage's
// BuiltinKindsEntityProcessor uses when a ref omits it.
const RELATION_FIELDS: Record<string, RelationField[]> = {
  component: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
    { field: 'subcomponentOf', defaultKind: 'Component' },
    { field: 'providesApis', defaultKind: 'API' },
    { field: 'consumesApis', defaultKind: 'API' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
  ],
  api: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
  ],
  resource: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'system', defaultKind: 'System' },
    { field: 'dependsOn' },
    { field: 'dependencyOf' },
  ],
  system: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'domain', defaultKind: 'Domain' },
  ],
  domain: [
    { field: 'owner', defaultKind: 'Group' },
    { field: 'subdomainOf', defaultKind: 'Domain' },
  ],
  group: [
    { field: 'parent', defaultKind: 'Group' },
    { field: 'children', defaultKind: 'Group' },
    { field: 'members', defaultKind: 'User' },
  ],
  user: [{ field: 'memberOf', defaultKind: 'Group' }],
  location: [],
};

function refKey(ref: string | Entity): string {
  return stringifyEntityRef(ref as any).toLocaleLowerCase('en-US');
}

/** Every relation target of an entity as a normalized ref, or a parse error. */
function relationTargets(
  entity: Entity,
): Array<{ field: string; target: string; error?: string }> {
  const out: Array<{ field: string; target: string; error?: string }> = [];
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const namespace = entity.metadata.namespace ?? 'default';
  for (const { field, defaultKind } of RELATION_FIELDS[
    entity.kind.toLocaleLowerCase('en-US')
  ] ?? []) {
    const value = spec[field];
    if (value === undefined) continue;
    for (const raw of Array.isArray(value) ? value : [value]) {
      try {
        const ref = parseEntityRef(String(raw), {
          defaultKind,
          defaultNamespace: namespace,
        });
        out.push({ field, target: refKey(ref as any) });
      } catch (e) {
        out.push({ field, target: String(raw), error: (e as Error).message });
      }
    }
  }
  return out;
}

/** Relations whose target is not among the known entity refs. */
function unresolvedRelations(entities: Entity[]): string[] {
  const known = new Set(entities.map(e => refKey(e)));
  const problems: string[] = [];
  for (const entity of entities) {
    for (const { field, target, error } of relationTargets(entity)) {
      if (error) {
        problems.push(`${refKey(entity)} spec.${field}: ${error}`);
      } else if (!known.has(target)) {
        problems.push(`${refKey(entity)} spec.${field} -> ${target} (missing)`);
      }
    }
  }
  return problems;
}

type Loaded = { file: string; index: number; raw: any };

function yamlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(d => {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) return yamlFilesUnder(p);
      return /\.ya?ml$/.test(d.name) ? [p] : [];
    })
    .sort();
}

function loadDocuments(file: string): Loaded[] {
  const docs = parseAllDocuments(fs.readFileSync(file, 'utf8'));
  return docs.map((doc, index) => {
    if (doc.errors.length) {
      throw new Error(`${file} document ${index}: ${doc.errors[0].message}`);
    }
    return { file, index, raw: doc.toJS() };
  });
}

function readYaml(file: string): any {
  return parse(fs.readFileSync(file, 'utf8'));
}

const rel = (file: string) => path.relative(REPO_ROOT, file);

const componentDirs = fs
  .readdirSync(STORE_DIR, { withFileTypes: true })
  .filter(d => d.isDirectory())
  .map(d => d.name)
  .sort();

const catalogFiles = yamlFilesUnder(CATALOG_DIR);
const componentFiles = componentDirs.map(d =>
  path.join(STORE_DIR, d, 'catalog-info.yaml'),
);
const documents: Loaded[] = [...catalogFiles, ...componentFiles].flatMap(
  loadDocuments,
);

let entities: Entity[] = [];
const byRef = new Map<string, Entity>();
const ofKind = (kind: string) =>
  entities.filter(e => e.kind.toLocaleLowerCase('en-US') === kind);
const get = (ref: string) => byRef.get(ref.toLocaleLowerCase('en-US'));

beforeAll(async () => {
  entities = await Promise.all(documents.map(d => validateEntity(d.raw)));
  for (const e of entities) byRef.set(refKey(e), e);
});

describe('store catalog: entity validation', () => {
  it('every YAML document is accepted by the catalog-model validators', async () => {
    const failures: string[] = [];
    for (const d of documents) {
      try {
        await validateEntity(d.raw);
      } catch (e) {
        failures.push(
          `${rel(d.file)}#${d.index}: ${(e as Error).message.slice(0, 300)}`,
        );
      }
    }
    expect(failures).toEqual([]);
    expect(documents.length).toBeGreaterThan(150);
  });

  it('entity refs are unique', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    documents.forEach((d, i) => {
      const key = refKey(entities[i]);
      if (seen.has(key)) {
        duplicates.push(`${key} in ${rel(d.file)} and ${seen.get(key)}`);
      }
      seen.set(key, rel(d.file));
    });
    expect(duplicates).toEqual([]);
  });

  it('every relation target resolves to an entity in the catalog', () => {
    expect(unresolvedRelations(entities)).toEqual([]);
  });

  it('store-services holds only Components, named after their folder', () => {
    for (const file of componentFiles) {
      const docs = loadDocuments(file);
      expect(docs).toHaveLength(1);
      expect(docs[0].raw.kind).toBe('Component');
      expect(docs[0].raw.metadata.name).toBe(path.basename(path.dirname(file)));
    }
  });
});

describe('store catalog: validation can fail', () => {
  const good = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'cart-service' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-commerce',
      system: 'commerce',
    },
  };

  it('accepts a well-formed component', async () => {
    await expect(validateEntity(good)).resolves.toMatchObject({
      metadata: { name: 'cart-service', namespace: 'default' },
    });
  });

  it.each([
    [
      'a component without owner',
      { ...good, spec: { ...good.spec, owner: undefined } },
    ],
    [
      'a component without lifecycle',
      { ...good, spec: { type: 'service', owner: 'x' } },
    ],
    [
      'an invalid entity name',
      { ...good, metadata: { name: 'Cart Service!' } },
    ],
    ['an unknown kind', { ...good, kind: 'Widget' }],
    ['a foreign root field', { ...good, status: 'ok' }],
    [
      'a non-string annotation',
      {
        ...good,
        metadata: {
          name: 'a',
          annotations: { 'backstage.io/techdocs-ref': 1 },
        },
      },
    ],
    [
      'an API without definition',
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'x-api' },
        spec: { type: 'openapi', lifecycle: 'production', owner: 'g' },
      },
    ],
    [
      'a group without type',
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'g' },
        spec: { children: [] },
      },
    ],
  ])('rejects %s', async (_label, entity) => {
    const json = JSON.parse(JSON.stringify(entity)); // drop undefined like YAML would
    await expect(validateEntity(json)).rejects.toThrow();
  });

  it('reports dangling and kind-less relation targets', async () => {
    const component = await validateEntity({
      ...good,
      spec: {
        ...good.spec,
        consumesApis: ['no-such-api'],
        dependsOn: ['cart-service-table'],
      },
    });
    const owner = await validateEntity({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-commerce' },
      spec: { type: 'team', children: [] },
    });
    const problems = unresolvedRelations([component, owner]);
    expect(problems).toEqual([
      'component:default/cart-service spec.system -> system:default/commerce (missing)',
      'component:default/cart-service spec.consumesApis -> api:default/no-such-api (missing)',
      expect.stringMatching(/spec\.dependsOn: .*kind/),
    ]);
  });
});

describe('store catalog: organisation', () => {
  const groups = () => ofKind('group');
  const users = () => ofKind('user');
  const memberOf = (u: string) =>
    ((get(`user:default/${u}`)?.spec?.memberOf as string[]) ?? [])
      .slice()
      .sort();

  it('has the organisation, department, teams and role groups', () => {
    const byType = (type: string) =>
      groups()
        .filter(g => g.spec?.type === type)
        .map(g => g.metadata.name)
        .sort();
    expect(byType('organization')).toEqual(['inbestment']);
    expect(byType('department')).toEqual(['engineering']);
    expect(byType('team')).toEqual([
      'team-commerce',
      'team-discovery',
      'team-engagement',
      'team-fulfilment',
      'team-identity',
      'team-platform',
    ]);
    expect(byType('role')).toEqual([
      'auditors',
      'oncall',
      'platform-admins',
      'team-leads',
    ]);
  });

  it('parent/children and members/memberOf agree', () => {
    const problems: string[] = [];
    for (const g of groups()) {
      const name = g.metadata.name;
      for (const c of (g.spec?.children as string[]) ?? []) {
        if (get(`group:default/${c}`)?.spec?.parent !== name) {
          problems.push(`${name} lists child ${c} whose parent differs`);
        }
      }
      const parent = g.spec?.parent as string | undefined;
      if (
        parent &&
        !(
          (get(`group:default/${parent}`)?.spec?.children as string[]) ?? []
        ).includes(name)
      ) {
        problems.push(`${parent} does not list child ${name}`);
      }
      for (const m of (g.spec?.members as string[]) ?? []) {
        if (!memberOf(m).includes(name)) {
          problems.push(`${name} lists member ${m} who is not memberOf it`);
        }
      }
    }
    for (const u of users()) {
      for (const g of memberOf(u.metadata.name)) {
        if (
          !(
            (get(`group:default/${g}`)?.spec?.members as string[]) ?? []
          ).includes(u.metadata.name)
        ) {
          problems.push(
            `${u.metadata.name} is memberOf ${g} which does not list them`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('teams have a profile, an on-call channel and a lead in team-leads', () => {
    const leads = get('group:default/team-leads')?.spec?.members as string[];
    for (const team of groups().filter(g => g.spec?.type === 'team')) {
      const name = team.metadata.name;
      expect(team.spec?.profile).toMatchObject({
        displayName: expect.any(String),
        email: `${name}@inbestment.shop`,
      });
      expect(team.metadata.annotations?.['inbestment.io/oncall-channel']).toBe(
        `#oncall-${name}`,
      );
      const members = team.spec?.members as string[];
      expect(members.some(m => leads.includes(m))).toBe(true);
    }
  });

  it('users have a profile with their inbestment.shop address', () => {
    expect(users().length).toBeGreaterThanOrEqual(20);
    for (const u of users()) {
      expect(u.spec?.profile).toMatchObject({
        displayName: expect.any(String),
        email: `${u.metadata.name}@inbestment.shop`,
      });
      expect(memberOf(u.metadata.name).length).toBeGreaterThan(0);
    }
  });

  it('auditors belong to no team', () => {
    const teams = groups()
      .filter(g => g.spec?.type === 'team')
      .map(g => g.metadata.name);
    const auditors = get('group:default/auditors')?.spec?.members as string[];
    expect(auditors.length).toBeGreaterThanOrEqual(3);
    for (const a of auditors) {
      expect(memberOf(a).filter(g => teams.includes(g))).toEqual([]);
    }
  });

  it('has the demo users the guest sign-in relies on', () => {
    expect(memberOf('demo-developer')).toEqual(['team-commerce']);
    expect(memberOf('demo-lead')).toEqual(['team-commerce', 'team-leads']);
    expect(memberOf('demo-oncall')).toEqual(['oncall', 'team-commerce']);
    expect(memberOf('demo-auditor')).toEqual(['auditors']);
    expect(memberOf('demo-admin')).toEqual([
      'platform-admins',
      'team-platform',
    ]);
  });
});

describe('store catalog: registration', () => {
  // The backend registers every file matched by `inbestment.catalogFiles`
  // (globs relative to packages/backend) as its own Location.
  const backendDir = path.join(REPO_ROOT, 'packages', 'backend');
  const patterns: string[] =
    readYaml(path.join(REPO_ROOT, 'app-config.yaml'))?.inbestment
      ?.catalogFiles ?? [];
  const globToRegExp = (glob: string) =>
    new RegExp(
      `^${path
        .resolve(backendDir, glob)
        .split('*')
        .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*')}$`,
    );

  it('app-config registers every catalog file and every catalog-info.yaml', () => {
    expect(patterns.length).toBeGreaterThan(0);
    const regexps = patterns.map(globToRegExp);
    const unregistered = [...catalogFiles, ...componentFiles].filter(
      file => !regexps.some(r => r.test(file)),
    );
    expect(unregistered.map(rel)).toEqual([]);
    // a file one folder deeper would not be picked up
    const nested = path.join(CATALOG_DIR, 'apis', 'nested', 'x.yaml');
    expect(regexps.some(r => r.test(nested))).toBe(false);
  });

  it('holds no Location entities, which would register files a second time', () => {
    expect(ofKind('location').map(l => l.metadata.name)).toEqual([]);
  });
});

describe('store catalog: systems, APIs and resources', () => {
  it('has the domains and systems, each owned and placed in a domain', () => {
    expect(
      ofKind('domain')
        .map(d => d.metadata.name)
        .sort(),
    ).toEqual(['customer', 'operations', 'shopping']);
    expect(
      ofKind('system')
        .map(s => s.metadata.name)
        .sort(),
    ).toEqual([
      'commerce',
      'customer-accounts',
      'fulfilment',
      'platform',
      'product-discovery',
      'storefront',
    ]);
    for (const s of ofKind('system')) {
      expect(s.spec?.owner).toEqual(expect.any(String));
      expect(s.spec?.domain).toEqual(expect.any(String));
    }
  });

  it('every API is provided by exactly one component', () => {
    const providers = new Map<string, string[]>();
    for (const c of ofKind('component')) {
      for (const api of (c.spec?.providesApis as string[]) ?? []) {
        providers.set(api, [...(providers.get(api) ?? []), c.metadata.name]);
      }
    }
    for (const api of ofKind('api')) {
      expect([api.metadata.name, providers.get(api.metadata.name)]).toEqual([
        api.metadata.name,
        [expect.any(String)],
      ]);
    }
  });

  it('OpenAPI entities embed exactly the openapi.yaml of their providing service', () => {
    // Embedded rather than $text: relative placeholders cannot be resolved for
    // file locations, so this check is what keeps the two copies in sync.
    const services = ofKind('component').filter(
      c => c.spec?.type === 'service',
    );
    for (const svc of services) {
      const apiName = `${svc.metadata.name.replace(/-service$/, '')}-api`;
      expect(svc.spec?.providesApis).toContain(apiName);
      const api = get(`api:default/${apiName}`);
      expect(api?.spec?.type).toBe('openapi');
      const file = path.join(STORE_DIR, svc.metadata.name, 'openapi.yaml');
      expect(api?.spec?.definition).toBe(fs.readFileSync(file, 'utf8'));
    }
  });

  it('AsyncAPI entities describe the Kafka topics on MSK', () => {
    const asyncApis = ofKind('api').filter(a => a.spec?.type === 'asyncapi');
    expect(asyncApis.map(a => a.metadata.name).sort()).toEqual([
      'notification-events',
      'order-events',
      'payment-events',
    ]);
    for (const a of asyncApis) {
      const doc = parse(a.spec?.definition as string);
      expect(doc.asyncapi).toBe('2.6.0');
      expect(Object.keys(doc.channels)).toEqual([
        `inbestment.${a.metadata.name}.v1`,
      ]);
      expect(doc.servers.production.protocol).toBe('kafka-secure');
    }
  });

  it('has the shared AWS resources and one table, secret and ECR repository per service', () => {
    const resources = ofKind('resource');
    const typeOf = (name: string) =>
      get(`resource:default/${name}`)?.spec?.type;
    expect(typeOf('inbestment-prod')).toBe('kubernetes-cluster');
    expect(typeOf('inbestment-staging')).toBe('kubernetes-cluster');
    expect(typeOf('inbestment-alb')).toBe('load-balancer');
    expect(typeOf('inbestment-alb-waf')).toBe('waf-web-acl');
    expect(typeOf('inbestment-cloudfront-waf')).toBe('waf-web-acl');
    expect(typeOf('storefront-cdn')).toBe('cdn');
    expect(typeOf('media-cdn')).toBe('cdn');
    expect(typeOf('media-assets-bucket')).toBe('s3-bucket');
    expect(typeOf('store-events-msk')).toBe('kafka-cluster');
    for (const c of ofKind('component')) {
      const n = c.metadata.name;
      const suffixes =
        c.spec?.type === 'service' ? ['table', 'secret', 'ecr'] : ['bucket'];
      for (const suffix of suffixes) {
        const r = get(`resource:default/${n}-${suffix}`);
        expect([n, suffix, r?.spec?.owner]).toEqual([n, suffix, c.spec?.owner]);
        expect(c.spec?.dependsOn).toContain(`resource:${n}-${suffix}`);
      }
    }
    // 9 shared (clusters, ALB, 2 web ACLs, MSK, 2 CDNs, media bucket) + per service + per website
    expect(resources.length).toBe(9 + 16 * 3 + 12);
  });
});

describe('store catalog: components', () => {
  const components = () => ofKind('component');
  const services = () => components().filter(c => c.spec?.type === 'service');
  const websites = () => components().filter(c => c.spec?.type === 'website');

  it('has exactly 16 services and 12 websites, all in store-services/', () => {
    expect(services()).toHaveLength(16);
    expect(websites()).toHaveLength(12);
    expect(
      components()
        .map(c => c.metadata.name)
        .sort(),
    ).toEqual(componentDirs);
    expect(websites().every(w => w.spec?.system === 'storefront')).toBe(true);
  });

  it('every component has owner, system, lifecycle and a TechDocs site with the four pages', () => {
    for (const c of components()) {
      const name = c.metadata.name;
      expect([name, c.spec?.lifecycle]).toEqual([name, 'production']);
      expect(get(`group:default/${c.spec?.owner}`)?.spec?.type).toBe('team');
      expect(c.spec?.system).toEqual(expect.any(String));
      expect(c.metadata.annotations?.['backstage.io/techdocs-ref']).toBe(
        'dir:.',
      );

      const dir = path.join(STORE_DIR, name);
      const mkdocs = readYaml(path.join(dir, 'mkdocs.yml'));
      expect(mkdocs.site_name).toEqual(expect.any(String));
      // as in production, where CI builds the docs with the real techdocs-core
      expect(mkdocs.plugins).toEqual(['techdocs-core']);
      const nav = (mkdocs.nav as Array<Record<string, string>>).map(
        entry => Object.entries(entry)[0],
      );
      expect(nav).toEqual([
        ['Overview', 'index.md'],
        ['Architecture', 'architecture.md'],
        ['Runbook', 'runbook.md'],
        ['On-call', 'oncall.md'],
      ]);
      for (const [, page] of nav) {
        const text = fs.readFileSync(path.join(dir, 'docs', page), 'utf8');
        expect([name, page, text.length > 800]).toEqual([name, page, true]);
        expect(text).toMatch(/^# /);
      }
    }
  });

  it('annotations follow docs/annotations.md', () => {
    for (const c of components()) {
      const name = c.metadata.name;
      const isService = c.spec?.type === 'service';
      const short = name.replace(isService ? /-service$/ : /-mfe$/, '');
      const common = {
        'backstage.io/techdocs-ref': 'dir:.',
        'aws-ops.io/environments': 'prod,staging',
        'aws-ops.io/alarm-prefix': name,
        'aws-ops.io/secrets-prefix': `inbestment/${name}/`,
        'aws-ops.io/iam-role': `inbestment-${name}`,
      };
      const byType = isService
        ? {
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-namespace': 'inbestment',
            'aws-ops.io/waf-web-acl': 'inbestment-alb',
            'aws-ops.io/waf-host': 'api.inbestment.shop',
            'aws-ops.io/waf-path-prefix': `/api/${short}/`,
          }
        : {
            'aws-ops.io/waf-web-acl': 'inbestment-cloudfront',
            'aws-ops.io/waf-host': 'www.inbestment.shop',
            'aws-ops.io/waf-path-prefix': `/mfe/${short}/`,
          };
      const annotations = c.metadata.annotations ?? {};
      expect({ name, annotations }).toMatchObject({
        name,
        annotations: { ...common, ...byType },
      });
      // Kubernetes annotations only where there are workloads
      const hasK8s = 'backstage.io/kubernetes-id' in annotations;
      expect([name, hasK8s]).toEqual([name, isService]);
    }
  });

  it('runbooks document the standard alarms', () => {
    for (const c of components()) {
      const name = c.metadata.name;
      const runbook = fs.readFileSync(
        path.join(STORE_DIR, name, 'docs', 'runbook.md'),
        'utf8',
      );
      const alarms =
        c.spec?.type === 'service'
          ? ['5xx-rate', 'p99-latency', 'dynamodb-latency']
          : ['4xx-rate', 'origin-errors'];
      for (const alarm of alarms) {
        expect([name, runbook.includes(`${name}-${alarm}`)]).toEqual([
          name,
          true,
        ]);
      }
      const extra = c.metadata.annotations?.['aws-ops.io/alarm-names'] ?? '';
      for (const alarm of extra.split(',').filter(Boolean)) {
        expect([name, runbook.includes(alarm)]).toEqual([name, true]);
      }
    }
  });

  it('services have an OpenAPI 3.0.3 definition with a health endpoint', () => {
    for (const svc of services()) {
      const doc = readYaml(
        path.join(STORE_DIR, svc.metadata.name, 'openapi.yaml'),
      );
      expect(doc.openapi).toBe('3.0.3');
      expect(doc.info.title).toEqual(expect.any(String));
      expect(doc.paths['/actuator/health']?.get).toBeDefined();
      expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(4);
      // every $ref points into components
      const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const r of refs) {
        const [, section, key] = r.match(/#\/components\/(\w+)\/(\w+)/) ?? [];
        expect([
          svc.metadata.name,
          r,
          doc.components?.[section]?.[key] !== undefined,
        ]).toEqual([svc.metadata.name, r, true]);
      }
    }
  });

  it('services have valid Kubernetes manifests for namespace inbestment', () => {
    const expected: Record<string, [string, string]> = {
      'deployment.yaml': ['apps/v1', 'Deployment'],
      'service.yaml': ['v1', 'Service'],
      'hpa.yaml': ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      'serviceaccount.yaml': ['v1', 'ServiceAccount'],
    };
    const replicaCounts = new Set<number>();
    for (const svc of services()) {
      const name = svc.metadata.name;
      const k8sDir = path.join(STORE_DIR, name, 'k8s');
      expect(fs.readdirSync(k8sDir).sort()).toEqual(
        Object.keys(expected).sort(),
      );
      const objects: Record<string, any> = {};
      for (const [file, [apiVersion, kind]] of Object.entries(expected)) {
        const docs = loadDocuments(path.join(k8sDir, file));
        expect(docs).toHaveLength(1);
        const obj = docs[0].raw;
        expect([name, obj.apiVersion, obj.kind]).toEqual([
          name,
          apiVersion,
          kind,
        ]);
        expect(obj.metadata).toMatchObject({
          name,
          namespace: 'inbestment',
          labels: {
            'app.kubernetes.io/name': name,
            'app.kubernetes.io/part-of': 'inbestment',
            'backstage.io/kubernetes-id': name,
          },
        });
        objects[kind] = obj;
      }

      const deploy = objects.Deployment;
      replicaCounts.add(deploy.spec.replicas);
      expect(deploy.spec.replicas).toBeGreaterThanOrEqual(2);
      expect(deploy.spec.replicas).toBeLessThanOrEqual(6);
      expect(deploy.spec.strategy.type).toBe('RollingUpdate');
      const podLabels = deploy.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(deploy.spec.selector.matchLabels)) {
        expect(podLabels[k]).toBe(v);
      }
      expect(podLabels['backstage.io/kubernetes-id']).toBe(name);
      expect(deploy.spec.template.spec.serviceAccountName).toBe(name);
      const [container] = deploy.spec.template.spec.containers;
      expect(container.image).toMatch(
        new RegExp(
          `^111122223333\\.dkr\\.ecr\\.eu-west-1\\.amazonaws\\.com/inbestment/${name}:\\d+\\.\\d+\\.\\d+$`,
        ),
      );
      expect(container.readinessProbe.httpGet.path).toBe(
        '/actuator/health/readiness',
      );
      expect(container.livenessProbe.httpGet.path).toBe(
        '/actuator/health/liveness',
      );
      expect(container.resources.requests).toMatchObject({
        cpu: expect.any(String),
        memory: expect.any(String),
      });
      expect(container.resources.limits.memory).toEqual(expect.any(String));
      const portNames = container.ports.map((p: any) => p.name);
      for (const probe of [container.readinessProbe, container.livenessProbe]) {
        expect(portNames).toContain(probe.httpGet.port);
      }

      const svcObj = objects.Service;
      for (const [k, v] of Object.entries(svcObj.spec.selector)) {
        expect(podLabels[k]).toBe(v);
      }
      for (const p of svcObj.spec.ports) {
        expect(portNames).toContain(p.targetPort);
      }

      const hpa = objects.HorizontalPodAutoscaler;
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name,
      });
      expect(hpa.spec.minReplicas).toBeLessThanOrEqual(deploy.spec.replicas);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);

      expect(
        objects.ServiceAccount.metadata.annotations[
          'eks.amazonaws.com/role-arn'
        ],
      ).toBe(`arn:aws:iam::111122223333:role/inbestment-${name}`);
    }
    expect(replicaCounts.size).toBeGreaterThan(2);
  });
});
