import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
// The catalog's own owner condition and rules, as the portal's policy uses them.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import {
  catalogConditions,
  createCatalogConditionalDecision,
  permissionRules,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { cloudWatchAlarmsServiceRef } from '@internal/backstage-plugin-cloudwatch-node';
import { eksDeploymentsServiceRef } from '@internal/backstage-plugin-eks-node';
import { HealthOverviewResponse } from '@internal/backstage-plugin-ops-health-common';
import { wafEventsServiceRef } from '@internal/backstage-plugin-waf-node';
import request from 'supertest';
import { opsHealthPlugin } from './plugin';
import { authWithOnBehalfOfActors } from '@internal/backstage-plugin-aws-ops-node/testUtils';

/**
 * The overview at catalog scale against Backstage's real permission backend
 * and a real apply-conditions endpoint: both read at most 100 kB of JSON per
 * request, which one check per component and signal of 600 services exceeded
 * (every overview request failed with 413 Payload Too Large).
 */
jest.setTimeout(60_000);

const SERVICES = 600;
const OWN_TEAM = 'group:default/team-commerce';

const entities: Entity[] = Array.from({ length: SERVICES }, (_, i) => {
  const owner = i % 10 === 0 ? OWN_TEAM : `group:default/team-${i % 7}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `service-with-a-realistic-name-${i}`,
      namespace: 'default',
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
});
const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));

/** Stands in for the catalog plugin's permission integration: the real router, over the test entities. */
const catalogPermissionIntegration = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { registry: coreServices.permissionsRegistry },
      async init({ registry }) {
        registry.addResourceType({
          resourceRef: catalogEntityPermissionResourceRef,
          getResources: async refs => refs.map(ref => byRef.get(ref)),
          rules: Object.values(permissionRules),
        });
      },
    });
  },
});

/** On-call may read every signal; a developer only those of components their team owns (the portal's policy). */
const ownerPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(req, user) {
            if (user?.info.userEntityRef === 'user:default/oncall') {
              return { result: AuthorizeResult.ALLOW };
            }
            if (isResourcePermission(req.permission, 'catalog-entity')) {
              return createCatalogConditionalDecision(
                req.permission,
                catalogConditions.isEntityOwner({
                  claims: ['user:default/developer', OWN_TEAM],
                }),
              );
            }
            return { result: AuthorizeResult.DENY };
          },
        });
      },
    });
  },
});

const summary = (entity: Entity) => ({
  source: 'aws' as const,
  fetchedAt: '2026-11-30T10:00:00.000Z',
  errors: [],
  entityRef: stringifyEntityRef(entity),
});

describe('the health overview of 600 services with the real permission backend', () => {
  let server: Parameters<typeof request>[0];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        permissionPlugin,
        ownerPolicy,
        catalogPermissionIntegration,
        authWithOnBehalfOfActors(mockServices.auth),
        httpAuthServiceFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            awsOps: {
              source: 'aws',
              accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
              environments: [],
            },
          },
        }),
        // The signals themselves are not under test: empty, readable summaries.
        createServiceFactory({
          service: cloudWatchAlarmsServiceRef,
          deps: {},
          factory: () => ({
            getEntityAlarms: jest.fn(),
            listAlarms: jest.fn(),
            getAlarmHistory: jest.fn(),
            getAlarmSummary: async ({ entity }) => ({
              ...summary(entity),
              worstState: 'OK' as const,
              counts: { ALARM: 0, INSUFFICIENT_DATA: 0, OK: 1 },
              alarming: [],
            }),
          }),
        }),
        createServiceFactory({
          service: wafEventsServiceRef,
          deps: {},
          factory: () => ({
            getEntityEvents: jest.fn(),
            getEntityCoverage: jest.fn(),
            getEntitySpikes: jest.fn(),
            getEntitySummary: async ({ entity }) => ({
              ...summary(entity),
              webAcl: 'inbestment-alb',
              label: `inbestment:component:${entity.metadata.name}`,
              blockedLastHour: 0,
              baselineBlockedPerHour: 0,
              spike: false,
            }),
          }),
        }),
        createServiceFactory({
          service: eksDeploymentsServiceRef,
          deps: {},
          factory: () => ({
            getDeployments: async ({ entity }) => ({
              ...summary(entity),
              environments: [],
            }),
            getChanges: jest.fn(),
          }),
        }),
      ],
    }));
  });

  const overview = async (user: string) => {
    const res = await request(server)
      .get('/api/ops-health/components')
      .set(
        'authorization',
        mockCredentials.user.header(`user:default/${user}`),
      );
    expect([res.status, res.status === 200 ? '' : res.text]).toEqual([200, '']);
    return res.body as HealthOverviewResponse;
  };

  it('gives on-call every signal of every service', async () => {
    const body = await overview('oncall');
    expect(body.components).toHaveLength(SERVICES);
    expect(body.components.filter(c => c.denied.length)).toEqual([]);
  });

  it("checks a developer's owner condition per service: their team's signals only", async () => {
    const body = await overview('developer');
    expect(body.components).toHaveLength(SERVICES);
    const readable = body.components.filter(c => c.denied.length === 0);
    expect(readable.map(c => c.name).sort()).toEqual(
      entities
        .filter(e => e.spec?.owner === OWN_TEAM)
        .map(e => e.metadata.name)
        .sort(),
    );
    const others = body.components.filter(c => c.denied.length > 0);
    expect(others).toHaveLength(SERVICES - readable.length);
    expect(
      others.every(
        c =>
          c.denied.join() === 'alarms,deployments,waf' &&
          c.alarms === undefined,
      ),
    ).toBe(true);
  });
});
