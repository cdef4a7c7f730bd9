import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
// The catalog's own conditions and rules, to check the in-memory evaluation against.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  catalogConditions,
  createCatalogConditionalDecision,
  permissionRules,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PermissionCriteria,
  PermissionCondition,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { AwsOpsStale } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsClaimsService,
  GrantedClaims,
} from '@internal/backstage-plugin-aws-ops-node';
import { CloudWatchAlarmsService } from '@internal/backstage-plugin-cloudwatch-node';
import { EksDeploymentsService } from '@internal/backstage-plugin-eks-node';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import { TimelineService } from '../timeline/TimelineService';
import { HealthOverviewService } from './HealthOverviewService';

const principalType = (credentials: BackstageCredentials) =>
  (credentials.principal as { type: string }).type;

const ONCALL = 'user:default/oncall';
const DEVELOPER = 'user:default/developer';
const OUTSIDER = 'user:default/outsider';
const TEAM = 'group:default/team-commerce';
const REFRESH_MS = 15_000;

function service(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner, system: 'shop' },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const team = (ref: string, displayName: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: ref.split('/')[1], namespace: 'default' },
  spec: { type: 'team', profile: { displayName }, children: [] },
});

/**
 * A catalog that answers a user only with what they may read (the outsider
 * reads only their own team's components and group), and everything to the
 * plugin's own service credentials.
 */
function catalogOf(entities: Entity[]) {
  const all = catalogServiceMock({ entities });
  const full = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const readable = (credentials: BackstageCredentials, ref: string) => {
    const principal = credentials.principal as { userEntityRef?: string };
    if (principal.userEntityRef !== OUTSIDER) return true;
    const entity = full.get(ref);
    return (
      entity?.spec?.owner === 'group:default/team-outside' ||
      ref === 'group:default/team-outside'
    );
  };
  const reads: string[] = [];
  const catalog = {
    getEntities: async (request, options) => {
      reads.push(`getEntities ${principalType(options.credentials)}`);
      const { items } = await all.getEntities(request, options);
      return {
        items: items.filter(e =>
          readable(options.credentials, stringifyEntityRef(e)),
        ),
      };
    },
    getEntitiesByRefs: async (request, options) => {
      reads.push(`getEntitiesByRefs ${principalType(options.credentials)}`);
      const { items } = await all.getEntitiesByRefs(request, options);
      return {
        items: items.map((e, i) =>
          e && readable(options.credentials, request.entityRefs[i])
            ? e
            : undefined,
        ),
      };
    },
  } as Partial<CatalogService> as CatalogService;
  return { catalog, reads };
}

/** The portal's policy shape: catalog reads for everyone, signals for on-call or owners. */
function policy(
  ownerConditions: (
    user: string,
  ) => PermissionCriteria<PermissionCondition<string>>,
) {
  const authorize = jest.fn(async () => {
    throw new Error('no per-component policy call is expected');
  });
  const authorizeConditional = jest.fn(
    async (
      requests: { permission: ResourcePermission }[],
      { credentials }: { credentials: BackstageCredentials },
    ): Promise<PolicyDecision[]> => {
      const user = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return requests.map(({ permission }) => {
        if (permission.name === catalogEntityReadPermission.name) {
          return user === OUTSIDER
            ? createCatalogConditionalDecision(
                permission as ResourcePermission<'catalog-entity'>,
                catalogConditions.isEntityOwner({
                  claims: ['group:default/team-outside'],
                }),
              )
            : { result: AuthorizeResult.ALLOW };
        }
        if (user === ONCALL) return { result: AuthorizeResult.ALLOW };
        return {
          ...createCatalogConditionalDecision(
            permission as ResourcePermission<'catalog-entity'>,
            {} as any,
          ),
          conditions: ownerConditions(user),
        };
      });
    },
  );
  const permissions = mockServices.permissions.mock({
    authorize: authorize as any,
    authorizeConditional: authorizeConditional as any,
  }) as unknown as PermissionsService;
  return { permissions, authorize, authorizeConditional };
}

function setup(
  entities: Entity[],
  ownerConditions: (
    user: string,
  ) => PermissionCriteria<PermissionCondition<string>> = user =>
    catalogConditions.isEntityOwner({ claims: [user, TEAM] }),
) {
  const now = { ms: Date.parse('2026-12-01T10:00:00.000Z') };
  const calls = { alarms: 0, waf: 0, deployments: 0, grant: 0 };
  /** WAF summaries served as the last good data of these components. */
  const staleWaf = new Map<string, AwsOpsStale>();
  /** Where the services say their reads came from. */
  const source = { value: 'aws' as 'aws' | 'demo' };
  const summary = (entity: Entity) => ({
    source: source.value,
    fetchedAt: new Date(now.ms).toISOString(),
    errors: [],
    entityRef: stringifyEntityRef(entity),
  });
  const { catalog, reads } = catalogOf(entities);
  const { permissions, authorize, authorizeConditional } =
    policy(ownerConditions);
  const overview = new HealthOverviewService({
    catalog,
    permissions,
    auth: mockServices.auth(),
    claims: {
      grant: async (entity: Entity) => {
        calls.grant++;
        return { entity, entityRef: stringifyEntityRef(entity) };
      },
    } as unknown as AwsOpsClaimsService,
    alarms: {
      getAlarmSummary: async ({ entity }: GrantedClaims) => {
        calls.alarms++;
        const firing = entity.metadata.name === 'cart-service';
        return {
          ...summary(entity),
          worstState: firing ? 'ALARM' : 'OK',
          counts: { ALARM: firing ? 1 : 0, INSUFFICIENT_DATA: 0, OK: 1 },
          alarming: [],
        };
      },
    } as unknown as CloudWatchAlarmsService,
    deployments: {
      getDeployments: async ({ entity }: GrantedClaims) => {
        calls.deployments++;
        return { ...summary(entity), environments: [] };
      },
    } as unknown as EksDeploymentsService,
    waf: {
      getEntitySummary: async ({ entity }: GrantedClaims) => {
        calls.waf++;
        return {
          ...summary(entity),
          webAcl: 'inbestment-alb',
          label: `inbestment:component:${entity.metadata.name}`,
          blockedLastHour: 0,
          baselineBlockedPerHour: 0,
          spike: false,
          ...(staleWaf.has(entity.metadata.name)
            ? { stale: staleWaf.get(entity.metadata.name) }
            : {}),
        };
      },
    } as unknown as WafEventsService,
    // No alarm fires here: correlations are tested in timeline.test.ts.
    timeline: {
      firingCorrelations: jest.fn(async () => []),
    } as unknown as TimelineService,
    clock: () => now.ms,
    refreshIntervalMs: REFRESH_MS,
  });
  const as = (user: string) => overview.getOverview(mockCredentials.user(user));
  return {
    as,
    now,
    calls,
    reads,
    authorize,
    authorizeConditional,
    staleWaf,
    source,
  };
}

const store = [
  service('cart-service', TEAM),
  service('search-service', 'group:default/team-discovery'),
  service('pricing-service', TEAM),
  service('outside-service', 'group:default/team-outside'),
  team(TEAM, 'Team Commerce'),
  team('group:default/team-discovery', 'Team Discovery'),
  team('group:default/team-outside', 'Team Outside'),
];

describe('HealthOverviewService', () => {
  it('assesses each component once for every viewer within the refresh interval', async () => {
    const { as, calls, reads, authorize, authorizeConditional } = setup(store);
    const oncall = await as(ONCALL);
    const developer = await as(DEVELOPER);
    await as(ONCALL);
    expect(oncall.components).toHaveLength(4);
    expect(developer.components).toHaveLength(4);
    // One read of each signal per component for all three requests.
    expect(calls).toEqual({ alarms: 4, waf: 4, deployments: 4, grant: 4 });
    // The catalog is read once, with the plugin's own credentials; the
    // viewers' permissions cost one policy call each, none per component.
    expect(reads).toEqual(['getEntities service', 'getEntitiesByRefs service']);
    expect(authorizeConditional).toHaveBeenCalledTimes(3);
    expect(authorize).not.toHaveBeenCalled();
  });

  it("says the overview is demo data exactly when its signals' reads are", async () => {
    const { as, source, now } = setup(store);
    expect((await as(ONCALL)).source).toBe('aws');
    source.value = 'demo';
    now.ms += REFRESH_MS + 1;
    await as(ONCALL); // the previous snapshot, while the next one loads
    await new Promise(resolve => setTimeout(resolve, 50));
    expect((await as(ONCALL)).source).toBe('demo');
  });

  it('marks the rows whose signals are last good data, and the overview with the oldest of them', async () => {
    const { as, staleWaf } = setup(store);
    const older = {
      since: '2026-12-01T09:40:00.000Z',
      refreshError: { name: 'ThrottlingException', message: 'Rate exceeded' },
    };
    staleWaf.set('cart-service', { since: '2026-12-01T09:55:00.000Z' });
    staleWaf.set('pricing-service', older);
    const { components, stale } = await as(ONCALL);
    const byName = new Map(components.map(c => [c.name, c]));
    expect(byName.get('cart-service')!.stale).toEqual({
      since: '2026-12-01T09:55:00.000Z',
    });
    expect(byName.get('pricing-service')!.stale).toEqual(older);
    expect(byName.get('search-service')!.stale).toBeUndefined();
    expect(stale).toEqual(older);
    // The stale data is still shown, not replaced by an error.
    expect(byName.get('pricing-service')!.waf).toBeDefined();
    expect(byName.get('pricing-service')!.errors).toEqual([]);
  });

  it("shows a developer only their team's signals, though the snapshot holds every component's", async () => {
    const { as } = setup(store);
    await as(ONCALL);
    const { components } = await as(DEVELOPER);
    const byName = new Map(components.map(c => [c.name, c]));
    expect(byName.get('cart-service')).toMatchObject({
      denied: [],
      level: 'critical',
      alarms: { inAlarm: 1 },
    });
    const search = byName.get('search-service')!;
    expect(search.denied).toEqual(['alarms', 'deployments', 'waf']);
    expect([search.alarms, search.deployments, search.waf]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(search.level).toBe('unknown');
    // On-call, asking after the developer, still sees everything.
    const oncall = await as(ONCALL);
    expect(oncall.components.every(c => c.denied.length === 0)).toBe(true);
  });

  it('never shows a viewer a component or owner the catalog does not let them read', async () => {
    const { as, reads } = setup(store);
    await as(ONCALL);
    const outsider = await as(OUTSIDER);
    expect(outsider.components.map(c => c.name)).toEqual(['outside-service']);
    expect(outsider.components[0].owner?.title).toBe('Team Outside');
    // The catalog answers with the viewer's credentials, names only.
    expect(reads.slice(2).sort()).toEqual([
      'getEntities user',
      'getEntitiesByRefs user',
    ]);
  });

  it("applies owner conditions as the catalog's own rules do", async () => {
    const decide = createConditionAuthorizer(Object.values(permissionRules));
    const criteria = (
      user: string,
    ): PermissionCriteria<PermissionCondition<string>> => ({
      anyOf: [
        catalogConditions.isEntityOwner({ claims: [user] }),
        {
          allOf: [
            catalogConditions.isEntityOwner({ claims: [TEAM] }),
            {
              not: catalogConditions.isEntityOwner({
                claims: ['group:default/team-outside'],
              }),
            },
          ],
        },
      ],
    });
    const entities = [
      ...store,
      service('mine', DEVELOPER),
      {
        ...service('shared', TEAM),
        relations: [
          { type: 'ownedBy', targetRef: TEAM },
          { type: 'ownedBy', targetRef: 'group:default/team-outside' },
        ],
      },
      { ...service('no-relations', TEAM), relations: undefined },
      {
        ...service('owner-of', TEAM),
        relations: [{ type: 'ownerOf', targetRef: TEAM }],
      },
    ];
    const { as } = setup(entities, criteria);
    const { components } = await as(DEVELOPER);
    const decision = createCatalogConditionalDecision(
      { name: 'x', type: 'resource', resourceType: 'catalog-entity' } as any,
      criteria(DEVELOPER) as any,
    );
    const expected = entities
      .filter(e => e.kind === 'Component')
      .map(e => [e.metadata.name, decide(decision, e)]);
    expect(components.map(c => [c.name, c.denied.length === 0]).sort()).toEqual(
      [...expected].sort(),
    );
    expect(
      expected.filter(([, allowed]) => allowed).map(([name]) => name),
    ).toEqual(['cart-service', 'pricing-service', 'mine']);
  });

  it('serves the previous snapshot while the next one loads, then the new one', async () => {
    const entities = [...store];
    const { as, now, calls } = setup(entities);
    await as(ONCALL);
    now.ms += REFRESH_MS + 1;
    // Expired: this request is answered from the previous snapshot ...
    const stale = await as(ONCALL);
    expect(stale.components).toHaveLength(4);
    // ... while the next one assessed what the previous one served.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(calls.alarms).toBe(8);
    const fresh = await as(ONCALL);
    expect(Date.parse(fresh.fetchedAt)).toBe(now.ms);
    expect(calls.alarms).toBe(8);
  });
});
