import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awsOpsDemo from '@internal/backstage-plugin-aws-ops-demo';
import { cloudWatchAlarmsServiceFactory } from '@internal/backstage-plugin-cloudwatch-backend';
import { eksDeploymentsServiceFactory } from '@internal/backstage-plugin-eks-backend';
import { wafEventsServiceFactory } from '@internal/backstage-plugin-waf-backend';
import { storeComponents } from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  HEALTH_LEVEL_ORDER,
  HealthOverviewResponse,
} from '@internal/backstage-plugin-ops-health-common';
import opsHealthPlugin from '@internal/backstage-plugin-ops-health-backend';
import path from 'node:path';
import request from 'supertest';
import {
  bundledStoreEntities,
  embeddedDemoConfig,
  fromFile,
  readAppConfig,
  REPO,
} from './__testUtils__/bundledStore';

/**
 * The overview as the embedded default serves it: the real EKS, CloudWatch
 * and WAF services on the demo scenario's providers, the awsOps block of
 * app-config.yaml, and the store's own catalog files.
 */
describe('health overview of the bundled store on the demo scenario', () => {
  // Builds every store service's simulated account: slow on a busy 2-core machine.
  jest.setTimeout(60_000);
  let entities: Entity[];
  let awsOps: any;
  let inbestment: any;
  beforeAll(async () => {
    entities = await bundledStoreEntities();
    ({ awsOps, inbestment } = embeddedDemoConfig(await readAppConfig()));
  });

  /** What the backend-service template writes for a new service, from its generated repository. */
  const scaffolded = (): Entity =>
    fromFile(
      path.join(REPO, 'data/generated-repos/parcel-service/catalog-info.yaml'),
    )({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'parcel-service',
        title: 'Parcel Service',
        annotations: {
          'backstage.io/kubernetes-id': 'parcel-service',
          'backstage.io/kubernetes-namespace': 'inbestment',
          'aws-ops.io/environments': 'prod,staging',
          'aws-ops.io/alarm-prefix': 'parcel-service',
          'aws-ops.io/secrets-prefix': 'inbestment/parcel-service/',
          'aws-ops.io/iam-role': 'inbestment-parcel-service',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-fulfilment',
        system: 'system:default/fulfilment',
      },
    });

  /** The overview the backend serves over a catalog of `catalogEntities`. */
  async function overviewOf(
    catalogEntities: Entity[],
  ): Promise<HealthOverviewResponse> {
    const { server } = await startTestBackend({
      features: [
        opsHealthPlugin,
        eksDeploymentsServiceFactory,
        cloudWatchAlarmsServiceFactory,
        wafEventsServiceFactory,
        awsOpsDemo,
        catalogServiceMock.factory({ entities: catalogEntities }),
        mockServices.rootConfig.factory({ data: { awsOps, inbestment } }),
      ],
    });
    const res = await request(server)
      .get('/api/ops-health/components')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    return res.body;
  }

  it('shows a freshly scaffolded service as not deployed yet, never "0/0 ready" OK', async () => {
    const body = await overviewOf([...entities, scaffolded()]);
    const fresh = body.components.find(c => c.name === 'parcel-service')!;
    // Its Terraform (the component label rule group) is not applied yet, so
    // the web ACL has no rule labelling its traffic: said, not shown as 0.
    expect(fresh.errors.length).toBeGreaterThan(0);
    for (const error of fresh.errors) {
      expect(error).toMatchObject({
        signal: 'waf',
        name: 'WafLabelRuleMissing',
        message: expect.stringContaining(
          'the label inbestment:component:parcel-service',
        ),
      });
    }
    expect(fresh.waf).toBeUndefined();
    expect(fresh.deployments).toMatchObject({
      workloads: 0,
      notDeployed: true,
    });
    expect(fresh.level).toBe('not-deployed');
    expect(fresh.reasons).toContain(
      'Not deployed yet: no workload in any environment',
    );
    // Its system is the one the store's services name as `fulfilment`.
    const systems = new Set(body.components.map(c => c.system?.entityRef));
    expect(fresh.system?.entityRef).toBe('system:default/fulfilment');
    expect([...systems].every(ref => ref?.startsWith('system:default/'))).toBe(
      true,
    );
  });

  it('ranks every store component worst first with every signal read', async () => {
    const body = await overviewOf(entities);
    expect(body.source).toBe('demo');
    const store = storeComponents();
    expect(body.components.map(c => c.name).sort()).toEqual(
      store.map(c => c.name),
    );
    expect(body.components.filter(c => c.type === 'service')).toHaveLength(
      store.filter(c => c.type === 'service').length,
    );

    const ranks = body.components.map(c => HEALTH_LEVEL_ORDER.indexOf(c.level));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    // Every signal loads on the demo scenario: nothing unknown, nothing failed.
    expect(body.components.flatMap(c => c.errors)).toEqual([]);
    expect(body.components.filter(c => c.level === 'unknown')).toEqual([]);
    for (const component of body.components) {
      expect(component.alarms).toBeDefined();
      expect(component.waf).toBeDefined();
      expect(component.owner?.onCallChannel).toMatch(/^#oncall-/);
    }
    // Services run replicas on EKS; websites have no deployment signal.
    const replicasByType = body.components.map(c => [
      c.type,
      (c.deployments?.desired ?? 0) > 0,
    ]);
    expect(replicasByType).toEqual(
      body.components.map(c => [c.type, c.type === 'service']),
    );

    // The demo EKS story: recommendation-service crash-loops in staging.
    const recommendation = body.components.find(
      c => c.name === 'recommendation-service',
    )!;
    expect(recommendation.level).toBe('critical');
    expect(recommendation.deployments?.crashLoopingPods).toEqual([
      expect.stringMatching(/^staging\/recommendation-service-/),
    ]);
  });
});
