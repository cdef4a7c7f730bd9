import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AccessAuditEntityResponse,
  AccessAuditFindingsResponse,
} from '@internal/backstage-plugin-access-audit-common';
import {
  loadStoreServices,
  scenarioAccessAuditProviderFactory,
} from '@internal/backstage-plugin-aws-ops-demo';
import { parse } from 'csv-parse/sync';
import path from 'node:path';
import request from 'supertest';
import accessAudit from './index';

const STORE_SERVICES = path.resolve(__dirname, '../../../store-services');

const awsOps = {
  accounts: [
    { accountId: '111122223333', regions: ['eu-west-1', 'us-east-1'] },
    { accountId: '444455556666', regions: ['eu-west-1'] },
  ],
  environments: [
    { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
    { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
  ],
  demo: { storeServicesDir: STORE_SERVICES },
};

// A component whose catalog text tries formula injection into the CSV export.
const hostile: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart-service',
    annotations: { 'aws-ops.io/secrets-prefix': 'inbestment/cart-service/' },
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-cart',
    system: '=HYPERLINK("http://evil.example","x")',
  },
};

describe('access-audit routes with the demo scenario', () => {
  let entities: Entity[];
  beforeAll(async () => {
    entities = (await loadStoreServices(STORE_SERVICES))
      .flatMap(s => s.entities)
      .filter(e => e.kind === 'Component' && e.metadata.name !== 'cart-service')
      .map(e => ({ ...e, metadata: { ...e.metadata, namespace: 'default' } }));
    entities.push(hostile);
  });

  const start = (
    decide: (permission: string) => AuthorizeResult = () =>
      AuthorizeResult.ALLOW,
  ) =>
    startTestBackend({
      features: [
        accessAudit,
        // The demo: the scenario's access section instead of AWS.
        scenarioAccessAuditProviderFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: decide(r.permission.name) as AuthorizeResult.ALLOW,
            })),
        }).factory,
        mockServices.rootConfig.factory({ data: { awsOps } }),
      ],
    });

  const entityUrl = (name: string) =>
    `/api/access-audit/entities/component/default/${name}/secrets`;
  const user = mockCredentials.user.header();

  it('serves demo secrets of every environment with readers, IRSA trust and findings', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(entityUrl('checkout-service'))
      .set('authorization', user);
    expect(res.status).toBe(200);
    const body: AccessAuditEntityResponse = res.body;
    expect(body.source).toBe('demo');
    expect(body.errors).toEqual([]);
    expect(body.environments.map(e => [e.name, e.accountId])).toEqual([
      ['prod', '111122223333'],
      ['staging', '444455556666'],
    ]);
    for (const env of body.environments) {
      expect(env.secrets.length).toBeGreaterThan(0);
      for (const secret of env.secrets) {
        expect(secret.name.startsWith('inbestment/checkout-service/')).toBe(
          true,
        );
        expect(secret.arn).toContain(`:${env.accountId}:secret:`);
        expect(secret.readers.find(r => r.ownRole)?.name).toBe(
          'inbestment-checkout-service',
        );
        // The platform admin role reads everything through secretsmanager:*.
        expect(secret.readers.map(r => r.name)).toContain(
          'inbestment-platform-admin',
        );
        // On-call users read metadata through their group (the legacy bot
        // is a role, and its boundary allows no value).
        expect(
          secret.readers
            .filter(r => r.kind !== 'role')
            .filter(r => r.kind === 'user' || r.kind === 'group')
            .map(r => [r.kind, r.name, r.actions, r.members ?? r.viaGroups]),
        ).toEqual([
          [
            'user',
            'oncall-alice',
            ['secretsmanager:DescribeSecret'],
            ['inbestment-oncall'],
          ],
          [
            'user',
            'oncall-bob',
            ['secretsmanager:DescribeSecret'],
            ['inbestment-oncall'],
          ],
          [
            'group',
            'inbestment-oncall',
            ['secretsmanager:DescribeSecret'],
            ['oncall-alice', 'oncall-bob'],
          ],
        ]);
      }
      expect(env.irsaRole).toMatchObject({
        roleName: 'inbestment-checkout-service',
        found: true,
      });
      expect(env.irsaRole!.trust[0].serviceAccounts).toEqual([
        { namespace: 'inbestment', name: 'checkout-service' },
      ]);
    }
    expect(
      body.findings.filter(
        f =>
          f.type === 'readable-by-other-roles' &&
          f.roleArn?.endsWith('/inbestment-platform-admin'),
      ),
    ).toHaveLength(body.environments.flatMap(e => e.secrets).length);

    // Deterministic: a second backend plays the same scenario.
    const again = await request((await start()).server)
      .get(entityUrl('checkout-service'))
      .set('authorization', user);
    expect(again.body.findings.map((f: any) => f.id)).toEqual(
      body.findings.map(f => f.id),
    );
  });

  it('lists store-wide findings, filtered by severity and owner', async () => {
    const { server } = await start();
    const all: AccessAuditFindingsResponse = (
      await request(server)
        .get('/api/access-audit/findings')
        .set('authorization', user)
    ).body;
    expect(all.components).toBe(entities.length);
    const entityRefs = new Set(all.findings.map(f => f.entityRef));
    expect(entityRefs.size).toBeGreaterThanOrEqual(16);
    expect(new Set(all.findings.map(f => f.severity))).toEqual(
      new Set(['high', 'medium', 'low']),
    );

    const res = await request(server)
      .get(
        '/api/access-audit/findings?severity=high&owner=group:default/team-cart',
      )
      .set('authorization', user);
    expect(res.status).toBe(200);
    const filtered: AccessAuditFindingsResponse = res.body;
    expect(filtered.components).toBe(1);
    expect(filtered.findings.length).toBeGreaterThan(0);
    expect(
      filtered.findings.every(
        f =>
          f.severity === 'high' &&
          f.entityRef === 'component:default/cart-service',
      ),
    ).toBe(true);
    expect(filtered.findings).toEqual(
      all.findings.filter(
        f =>
          f.severity === 'high' &&
          f.entityRef === 'component:default/cart-service',
      ),
    );
  });

  it('exports CSV as an attachment with formula cells escaped', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/access-audit/findings?format=csv&owner=team-cart')
      .set('authorization', user);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="access-audit-findings-.*\.csv"$/,
    );
    expect(res.headers['access-control-expose-headers']).toBe(
      'Content-Disposition',
    );
    const rows: string[][] = parse(res.text);
    expect(rows[0]).toEqual([
      'Severity',
      'Finding',
      'Title',
      'Evidence',
      'Component',
      'System',
      'Owner',
      'Environment',
      'Account',
      'Region',
      'Secret',
      'Secret ARN',
      'Principal kind',
      'Principal ARN',
      'Finding id',
    ]);
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) {
      expect(row[4]).toBe('component:default/cart-service');
      expect(row[5]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    }
    const json = await request(server)
      .get('/api/access-audit/findings?format=json&owner=team-cart')
      .set('authorization', user);
    expect(json.headers['content-disposition']).toMatch(
      /^attachment; filename=".*\.json"$/,
    );
    expect(json.body.findings).toHaveLength(rows.length - 1);
  });

  it('answers 400 for bad queries', async () => {
    const { server } = await start();
    for (const query of [
      'severity=urgent',
      'type=leaked',
      'format=xml',
      'format=csv,json',
      'severity=high&severity=low',
      'colour=red',
      'owner=',
    ]) {
      const res = await request(server)
        .get(`/api/access-audit/findings?${query}`)
        .set('authorization', user);
      expect({ query, status: res.status, name: res.body.error?.name }).toEqual(
        { query, status: 400, name: 'InputError' },
      );
    }
  });

  it('answers 404 for an unknown entity', async () => {
    const { server } = await start();
    const res = await request(server)
      .get(entityUrl('nope'))
      .set('authorization', user);
    expect(res.status).toBe(404);
  });

  it('answers 403 when the permission is denied, per route', async () => {
    const { server } = await start(name =>
      name === 'access-audit.findings.read'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    expect(
      (
        await request(server)
          .get(entityUrl('checkout-service'))
          .set('authorization', user)
      ).status,
    ).toBe(200);
    const denied = await request(server)
      .get('/api/access-audit/findings?format=csv')
      .set('authorization', user);
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');

    const { server: entityDenied } = await start(name =>
      name === 'access-audit.entity.read'
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    const res = await request(entityDenied)
      .get(entityUrl('checkout-service'))
      .set('authorization', user);
    expect(res.status).toBe(403);
    expect(JSON.stringify(res.body)).not.toContain('secretsmanager');
  });

  it('answers 401 without credentials on every route', async () => {
    const { server } = await start();
    for (const url of [
      entityUrl('checkout-service'),
      '/api/access-audit/findings',
      '/api/access-audit/findings?format=csv',
    ]) {
      const res = await request(server)
        .get(url)
        .set('authorization', mockCredentials.none.header());
      expect({ url, status: res.status }).toEqual({ url, status: 401 });
    }
  });
});
