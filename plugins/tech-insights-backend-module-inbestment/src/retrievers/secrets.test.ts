import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { DefaultAccessAuditService } from '@internal/backstage-plugin-access-audit-backend';
import {
  AccessAuditProvider,
  AwsAccessAuditProvider,
} from '@internal/backstage-plugin-access-audit-node';
import {
  loadScenario,
  readAccessSection,
  Scenario,
  ScenarioAccessAuditProvider,
  seedAccess,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  FaultProxy,
  MotoServer,
  startFaultProxy,
  startMotoServer,
  storeComponents,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  awsOpsOn,
  claimsGateOver,
  ENVIRONMENTS,
  NOW,
  runRetriever,
  service,
  STORE_SERVICES,
} from './__testUtils__';
import { createSecretsFactRetriever } from './secrets';

jest.setTimeout(180_000);

const services = storeComponents().filter(c => c.type === 'service');
const both = { 'aws-ops.io/environments': 'prod,staging' };
const entities = [
  ...services.map(c => service(c.name, { annotations: both })),
  // A new service with no secrets yet.
  service('loyalty-service', { annotations: both }),
  // Not from the store's reviewed files, claiming payment-service's secrets: refused.
  service('rogue-service', {
    trusted: false,
    annotations: { 'aws-ops.io/secrets-prefix': 'inbestment/payment-service/' },
  }),
];

let scenario: Scenario;
let moto: MotoServer;
const savedEnv = { ...process.env };

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  scenario = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    clock: () => NOW,
  });
  moto = await startMotoServer();
  await seedAccess(scenario, {
    endpoint: moto.endpoint,
    environments: ENVIRONMENTS,
  });
});
afterAll(async () => {
  await moto?.stop();
  process.env = savedEnv;
});

function retrieverOn(
  provider: (endpoint?: string) => AccessAuditProvider,
  options: {
    endpoint?: string;
    environment?: string;
    only?: string[];
  } = {},
) {
  const scored = options.only
    ? entities.filter(e => options.only!.includes(e.metadata.name))
    : entities;
  const awsOps = awsOpsOn(options.endpoint);
  return createSecretsFactRetriever({
    catalog: catalogServiceMock({ entities: scored }),
    claims: claimsGateOver(entities),
    accessAudit: new DefaultAccessAuditService({
      awsOps,
      config: {
        rotationMaxAgeDays: 90,
        unusedAfterDays: 90,
        secretsTtlMs: 60_000,
        resourcePolicyTtlMs: 300_000,
      },
      provider: provider(options.endpoint),
      clock: () => NOW,
    }),
    environment: options.environment,
  });
}

const onMoto = (endpoint?: string) =>
  new AwsAccessAuditProvider(awsOpsOn(endpoint));

/** The scenario's secrets of a component in an environment. */
function scenarioSecrets(component: string, environment: string) {
  const section = readAccessSection(scenario);
  return (section.components[component]?.secrets ?? []).filter(
    secret => !secret.environments || secret.environments.includes(environment),
  );
}

describe.each([
  ['the AWS provider on moto seeded from the scenario', 'moto'],
  ['the demo scenario provider', 'demo'],
])('inbestmentSecretsFacts on %s', (_, source) => {
  const run = (environment?: string) =>
    runRetriever(
      source === 'moto'
        ? retrieverOn(onMoto, { endpoint: moto.endpoint, environment })
        : retrieverOn(
            () => new ScenarioAccessAuditProvider(scenario, ENVIRONMENTS),
            { environment },
          ),
    );

  it('tells the demo story in prod: only notification-service has a secret without rotation', async () => {
    const facts = await run();
    for (const { name } of services) {
      const secrets = scenarioSecrets(name, 'prod');
      expect({ name, ...facts[name] }).toEqual({
        name,
        secretCount: secrets.length,
        rotationEnabled: name !== 'notification-service',
        customerManagedKey: true,
        noWildcardPrincipal: true,
      });
    }
    expect(scenarioSecrets('notification-service', 'prod').length).toBe(2);
    // No secrets: 0, and every fact holds.
    expect(facts['loyalty-service']).toEqual({
      secretCount: 0,
      rotationEnabled: true,
      customerManagedKey: true,
      noWildcardPrincipal: true,
    });
    // A refused claim is read nowhere: unknown, never "no secrets".
    expect(Object.keys(facts['rogue-service'])).toEqual(['readErrors']);
    expect(
      Object.values(facts['rogue-service'].readErrors as object).every(reason =>
        /^NotAllowedError: /.test(reason),
      ),
    ).toBe(true);
  });

  it('finds a wildcard reader, disabled rotation and the AWS managed key in staging', async () => {
    const facts = await run('staging');
    expect(facts['media-service']).toMatchObject({
      noWildcardPrincipal: false,
      rotationEnabled: false,
      customerManagedKey: false,
    });
    expect(facts['recommendation-service']).toMatchObject({
      noWildcardPrincipal: true,
      rotationEnabled: false,
      customerManagedKey: false,
    });
  });
});

describe('inbestmentSecretsFacts when AWS fails (moto behind a fault proxy)', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy({ target: moto.endpoint });
  });
  afterAll(() => proxy?.close());

  it('leaves out what could not be read and names why; the rest is read', async () => {
    proxy.setThrottle(/GetResourcePolicy|TrentService\.DescribeKey/);
    const facts = await runRetriever(
      retrieverOn(onMoto, { endpoint: proxy.url, only: ['cart-service'] }),
    );
    const cart = facts['cart-service'];
    expect(cart).toEqual({
      secretCount: scenarioSecrets('cart-service', 'prod').length,
      rotationEnabled: true,
      readErrors: {
        customerManagedKey: expect.stringMatching(
          /^ServiceUnavailableError: .*KMS key of inbestment\/cart-service\//,
        ),
        noWildcardPrincipal: expect.stringMatching(
          /^ServiceUnavailableError: .*resource policy of inbestment\/cart-service\//,
        ),
      },
    });
  });

  it('knows nothing of a service whose secrets cannot be listed', async () => {
    proxy.setThrottle(/secretsmanager\.ListSecrets.*region=eu-west-1/);
    const facts = await runRetriever(
      retrieverOn(onMoto, { endpoint: proxy.url, only: ['cart-service'] }),
    );
    expect(facts['cart-service']).toEqual({
      readErrors: {
        secretCount: expect.stringMatching(
          /^ServiceUnavailableError: .*secrets listing: /,
        ),
        rotationEnabled: expect.any(String),
        customerManagedKey: expect.any(String),
        noWildcardPrincipal: expect.any(String),
      },
    });
  });
});
