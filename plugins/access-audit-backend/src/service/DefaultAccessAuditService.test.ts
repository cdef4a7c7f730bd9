import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AccessAuditEntityResponse,
  Finding,
  SecretMetadata,
} from '@internal/backstage-plugin-access-audit-common';
import {
  AccessAuditProvider,
  AwsAccessAuditProvider,
} from '@internal/backstage-plugin-access-audit-node';
import {
  AwsOpsCache,
  AwsTarget,
  createAwsOpsService,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AccessSection,
  loadScenario,
  readAccessSection,
  Scenario,
  ScenarioAccessAuditProvider,
  seedAccess,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  grantAsStoreEntity,
  memoryCacheService,
  MotoServer,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import path from 'node:path';
import { readAccessAuditConfig } from '../config';
import { DefaultAccessAuditService } from './DefaultAccessAuditService';

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');
/** moto's one account; the environments are two regions of it. */
const ACCOUNT = '123456789012';
const ENVIRONMENTS = [
  { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
  { name: 'staging', accountId: ACCOUNT, region: 'us-east-1' },
];
/** A fixed clock: 10:03 on a Tuesday, three minutes into the cycle. */
const NOW = Date.parse('2026-12-01T10:03:00Z');

const configFor = (endpoint?: string) =>
  new ConfigReader({
    awsOps: {
      ...(endpoint ? { endpoint } : {}),
      accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1', 'us-east-1'] }],
      environments: ENVIRONMENTS,
    },
  });

function serviceOn(
  provider: AccessAuditProvider,
  endpoint?: string,
  clock = () => NOW,
) {
  const config = configFor(endpoint);
  return new DefaultAccessAuditService({
    awsOps: createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    ),
    config: readAccessAuditConfig(config),
    provider,
    clock,
  });
}

/** Findings that do not depend on dates (moto stamps every date "now" when seeded). */
const DATELESS = new Set<Finding['type']>([
  'rotation-disabled',
  'wildcard-principal',
  'wildcard-action',
  'readable-by-other-roles',
  'cross-account-access',
  'no-customer-managed-key',
]);

/** What must agree between the scenario and the emulator seeded from it. */
function storyOf(audit: AccessAuditEntityResponse) {
  return {
    environments: audit.environments.map(env => ({
      name: env.name,
      irsaRole: env.irsaRole && {
        found: env.irsaRole.found,
        trust: env.irsaRole.trust,
        policies: env.irsaRole.policies,
      },
      secrets: env.secrets.map(s => ({
        name: s.name,
        kmsKeyManager: s.kmsKeyManager,
        rotationEnabled: s.rotationEnabled,
        rotationIntervalDays: s.rotationIntervalDays,
        resourcePolicy: s.resourcePolicy,
        readers: s.readers.map(r => ({ ...r, arn: undefined })),
      })),
    })),
    findings: audit.findings
      .filter(f => DATELESS.has(f.type))
      .map(f => [
        f.type,
        f.severity,
        f.environment,
        f.secretName,
        f.principalArn,
      ])
      .sort(),
    errors: audit.errors,
  };
}

let scenario: Scenario;
let section: AccessSection;
const entityOf = (name: string): Entity =>
  scenario.store
    .flatMap(s => s.entities)
    .find(e => e.kind === 'Component' && e.metadata.name === name)!;
const audit = (service: DefaultAccessAuditService, name: string) =>
  grantAsStoreEntity(entityOf(name)).then(c => service.getEntityAudit(c));
const secretOf = (
  result: AccessAuditEntityResponse,
  environment: string,
  name: string,
): SecretMetadata => {
  const secret = result.environments
    .find(e => e.name === environment)
    ?.secrets.find(s => s.name.endsWith(`/${name}`));
  if (!secret) throw new Error(`no secret ${name} in ${environment}`);
  return secret;
};
const readers = (secret: SecretMetadata) =>
  secret.readers.map(r => `${r.kind} ${r.name}: ${r.actions.join(',')}`);

beforeAll(async () => {
  scenario = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    clock: () => NOW,
  });
  section = readAccessSection(scenario);
});

/** Every component's story, per provider, compared after both ran. */
const stories = new Map<string, Map<string, unknown>>();

describe.each([
  [
    'the scenario provider',
    async () => ({
      provider: new ScenarioAccessAuditProvider(scenario, ENVIRONMENTS),
      endpoint: undefined as string | undefined,
      stop: async () => {},
    }),
  ],
  [
    'the AWS provider on moto seeded from the scenario',
    async () => {
      process.env.AWS_ACCESS_KEY_ID = 'test';
      process.env.AWS_SECRET_ACCESS_KEY = 'test';
      const moto: MotoServer = await startMotoServer();
      await seedAccess(scenario, {
        endpoint: moto.endpoint,
        environments: ENVIRONMENTS,
      });
      const config = configFor(moto.endpoint);
      return {
        provider: new AwsAccessAuditProvider(
          createAwsOpsService(
            config,
            mockServices.logger.mock(),
            memoryCacheService(),
          ),
        ),
        endpoint: moto.endpoint,
        stop: () => moto.stop(),
      };
    },
  ],
])('DefaultAccessAuditService on %s', (label, setup) => {
  let service: DefaultAccessAuditService;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await setup();
    stop = started.stop;
    service = serviceOn(started.provider, started.endpoint);
  }, 60_000);
  afterAll(() => stop());

  it('lists exactly the secrets the scenario gives each component in each environment', async () => {
    const components = Object.keys(section.components);
    expect(components.length).toBeGreaterThan(0);
    const story = new Map<string, unknown>();
    for (const component of components) {
      const result = await audit(service, component);
      expect(result.errors).toEqual([]);
      for (const env of ENVIRONMENTS) {
        const expected = section.components[component].secrets
          .filter(s => !s.environments || s.environments.includes(env.name))
          .map(s => `inbestment/${component}/${s.name}`)
          .sort();
        expect(
          result.environments
            .find(e => e.name === env.name)!
            .secrets.map(s => s.name),
        ).toEqual(expected);
      }
      story.set(component, storyOf(result));
    }
    stories.set(label, story);
  });

  it("lets a component's IRSA role read its own secrets, trusted by its service account", async () => {
    const result = await audit(service, 'cart-service');
    const prod = result.environments.find(e => e.name === 'prod')!;
    expect(prod.irsaRole?.found).toBe(true);
    expect(JSON.stringify(prod.irsaRole?.trust)).toContain(
      'system:serviceaccount:',
    );
    const own = secretOf(result, 'prod', 'db-credentials').readers.find(
      r => r.ownRole,
    );
    expect(own).toMatchObject({
      kind: 'role',
      name: 'inbestment-cart-service',
      conditional: false,
    });
    expect(own?.actions).toContain('secretsmanager:GetSecretValue');
  });

  it('tells the resource-policy stories: CI with every action, a partner in another account, anyone', async () => {
    const checkout = await audit(service, 'checkout-service');
    const db = secretOf(checkout, 'prod', 'db-credentials');
    expect(readers(db)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^role inbestment-ci-deploy: .*GetSecretValue/),
        'role partner-reporting: secretsmanager:DescribeSecret',
        expect.stringMatching(/^role inbestment-platform-admin: /),
      ]),
    );
    const types = (secret: SecretMetadata) =>
      checkout.findings
        .filter(f => f.secretArn === secret.arn)
        .map(f => f.type);
    expect(types(db)).toEqual(
      expect.arrayContaining([
        'wildcard-action',
        'cross-account-access',
        'readable-by-other-roles',
      ]),
    );
    // The webhook secret exists in prod only.
    expect(checkout.environments[1].secrets.map(s => s.name)).not.toContain(
      'inbestment/checkout-service/webhook-signing-secret',
    );

    // Anyone may read media-service's staging SMTP credentials.
    const media = await audit(service, 'media-service');
    const smtp = secretOf(media, 'staging', 'smtp-credentials');
    expect(readers(smtp)).toContain('any *: secretsmanager:GetSecretValue');
    expect(
      media.findings.find(
        f => f.secretArn === smtp.arn && f.type === 'wildcard-principal',
      )?.severity,
    ).toBe('high');
    // No prod secret of the store lets anyone read it (the scorecard's noWildcardPrincipal).
    const notification = await audit(service, 'notification-service');
    const webhook = secretOf(notification, 'prod', 'webhook-signing-secret');
    expect(readers(webhook)).not.toContain(
      'any *: secretsmanager:GetSecretValue',
    );
    expect(
      notification.findings.find(
        f => f.secretArn === webhook.arn && f.type === 'wildcard-principal',
      ),
    ).toBeUndefined();

    const payment = await audit(service, 'payment-service');
    const psp = secretOf(payment, 'prod', 'webhook-signing-secret');
    expect(
      payment.findings.find(
        f => f.secretArn === psp.arn && f.type === 'cross-account-access',
      ),
    ).toMatchObject({ severity: 'high' });
  });

  it('tells the IAM stories: a legacy shared read, the bounded bot, on-call through a group', async () => {
    const payment = await audit(service, 'payment-service');
    const db = secretOf(payment, 'prod', 'db-credentials');
    const byName = (name: string) => db.readers.find(r => r.name === name);
    // order-service's role still reads payment-service's secrets (Get*).
    expect(byName('inbestment-order-service')).toMatchObject({
      kind: 'role',
      ownRole: false,
      wildcardActions: ['secretsmanager:Get*'],
    });
    expect(
      payment.findings.some(
        f =>
          f.type === 'readable-by-other-roles' &&
          f.secretArn === db.arn &&
          f.principalArn?.endsWith(':role/inbestment-order-service'),
      ),
    ).toBe(true);
    // Its own policy reads every store secret; its boundary allows no value.
    expect(byName('legacy-deploy-bot')).toBeUndefined();
    // On-call engineers see metadata through their group.
    expect(byName('oncall-alice')).toMatchObject({
      kind: 'user',
      viaGroups: ['inbestment-oncall'],
      actions: ['secretsmanager:DescribeSecret'],
    });
    expect(byName('inbestment-oncall')).toMatchObject({
      kind: 'group',
      members: ['oncall-alice', 'oncall-bob'],
    });
  });

  it('finds disabled rotation and the AWS managed key where the scenario has them', async () => {
    const recommendation = await audit(service, 'recommendation-service');
    const oauth = secretOf(recommendation, 'staging', 'oauth-client-secret');
    const types = recommendation.findings
      .filter(f => f.secretArn === oauth.arn)
      .map(f => f.type);
    expect(types).toEqual(
      expect.arrayContaining(['rotation-disabled', 'no-customer-managed-key']),
    );
    const api = secretOf(recommendation, 'prod', 'api-key');
    expect(api.kmsKeyManager).toBe('CUSTOMER');
    expect(
      recommendation.findings.filter(
        f =>
          f.secretArn === api.arn &&
          ['rotation-disabled', 'no-customer-managed-key'].includes(f.type),
      ),
    ).toEqual([]);
  });
});

describe('the scenario and the emulator seeded from it', () => {
  it('give the same secrets, readers and findings for every component', () => {
    const [scenarioStory, motoStory] = [...stories.values()];
    expect(stories.size).toBe(2);
    expect(motoStory.size).toBe(Object.keys(section.components).length);
    for (const [component, story] of scenarioStory) {
      expect({ component, ...(motoStory.get(component) as object) }).toEqual({
        component,
        ...(story as object),
      });
    }
  });
});

describe('DefaultAccessAuditService on the scenario alone', () => {
  it("dates secrets by the scenario's days, so rotation and use findings follow them", async () => {
    const service = serviceOn(
      new ScenarioAccessAuditProvider(scenario, ENVIRONMENTS),
    );
    const cart = await audit(service, 'cart-service');
    const api = secretOf(cart, 'prod', 'api-key');
    expect(api.lastRotatedAt).toBe('2026-07-24T00:00:00.000Z'); // 130 days before 2026-12-01
    expect(
      cart.findings.filter(f => f.secretArn === api.arn).map(f => f.type),
    ).toContain('rotation-overdue');
    const order = await audit(service, 'order-service');
    const orderApi = secretOf(order, 'prod', 'api-key');
    expect(
      order.findings.filter(f => f.secretArn === orderApi.arn).map(f => f.type),
    ).toContain('not-accessed');
    expect(
      cart.findings.filter(
        f =>
          f.secretArn === secretOf(cart, 'prod', 'db-credentials').arn &&
          ['rotation-overdue', 'not-accessed'].includes(f.type),
      ),
    ).toEqual([]);
  });

  it('serves the last good secrets marked stale, with the refresh error, while the listing fails', async () => {
    let now = NOW;
    const clock = () => now;
    class FlakyProvider extends ScenarioAccessAuditProvider {
      failing = false;
      async listSecrets(target: AwsTarget) {
        if (this.failing) {
          const error = new Error('Rate exceeded');
          error.name = 'ThrottlingException';
          throw error;
        }
        return super.listSecrets(target);
      }
    }
    const config = configFor();
    const provider = new FlakyProvider(scenario, ENVIRONMENTS);
    const awsOps = {
      ...createAwsOpsService(
        config,
        mockServices.logger.mock(),
        memoryCacheService(),
      ),
      cache: new AwsOpsCache(mockServices.cache.mock(), {
        maxLocalEntries: 100,
        maxStaleMs: 3_600_000,
        clock,
      }),
    };
    const service = new DefaultAccessAuditService({
      awsOps,
      config: readAccessAuditConfig(config),
      provider,
      clock,
    });
    const read = () => audit(service, 'cart-service');

    const good = await read();
    expect(good.stale).toBeUndefined();
    const secrets = good.environments[0].secrets.map(s => s.name);
    expect(secrets.length).toBeGreaterThan(0);

    provider.failing = true;
    now += 61_000; // past the 60 s secrets TTL
    const first = await read();
    // Answered at once with the last good listing, marked stale.
    expect(first.environments[0].secrets.map(s => s.name)).toEqual(secrets);
    expect(first.stale?.since).toBe(good.fetchedAt);
    expect(first.errors).toEqual([]);

    // Once the background refresh has failed, the error is attached, not served instead.
    let later = first;
    for (let i = 0; i < 20 && !later.stale?.refreshError; i++) {
      await new Promise(resolve => setTimeout(resolve, 10));
      now += 1_000;
      later = await read();
    }
    expect(later.stale).toEqual({
      since: good.fetchedAt,
      refreshError: { name: 'ThrottlingException', message: 'Rate exceeded' },
    });
    expect(later.environments[0].secrets.map(s => s.name)).toEqual(secrets);
    // Readers are still there (from the IAM listing, which did not fail).
    expect(later.environments[0].secrets[0].readers.length).toBeGreaterThan(0);

    const findings = await service.getStoreFindings(
      [await grantAsStoreEntity(entityOf('cart-service'))],
      {},
    );
    expect(findings.stale?.since).toBe(good.fetchedAt);
  });
});
