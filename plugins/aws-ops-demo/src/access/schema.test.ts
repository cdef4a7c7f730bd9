import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { loadScenario, Scenario } from '../scenario';
import { scenarioAccount } from './account';
import { readAccessSection } from './schema';

const STORE_SERVICES = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-demo',
  '../../store-services',
);
const ACCOUNT = '123456789012';

let bundled: Scenario;
beforeAll(async () => {
  bundled = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    clock: () => Date.parse('2026-12-01T10:03:00Z'),
  });
});

/** The bundled scenario with its `access` section changed by `edit`. */
const withAccess = (edit: (access: any) => void): Scenario => {
  const access = structuredClone(bundled.sections.access);
  edit(access);
  return { ...bundled, sections: { ...bundled.sections, access } };
};

describe('the access section of the bundled scenario', () => {
  it('gives every store service with an IRSA role its role, and secrets to every component it names', () => {
    const section = readAccessSection(bundled);
    const irsa = bundled.store.filter(s =>
      s.manifests.some(
        m =>
          m.kind === 'ServiceAccount' &&
          m.metadata.annotations?.['eks.amazonaws.com/role-arn'],
      ),
    );
    expect(Object.keys(section.components).sort()).toEqual(
      irsa.map(s => s.name).sort(),
    );
    const account = scenarioAccount(
      bundled,
      section,
      [{ name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' }],
      { accountId: ACCOUNT, region: 'eu-west-1' },
    );
    expect(account.roles.map(r => r.roleName)).toEqual(
      expect.arrayContaining(irsa.map(s => `inbestment-${s.name}`)),
    );
    // Placeholders are filled in: no {account} or {prefix} reaches AWS.
    expect(JSON.stringify(account)).not.toMatch(/\{(account|region|prefix)\}/);
    expect(
      account.secrets.find(
        s => s.name === 'inbestment/checkout-service/webhook-signing-secret',
      ),
    ).toBeDefined();
  });

  it('keeps prod-only secrets out of staging, and shares IAM between environments of one account once', () => {
    const section = readAccessSection(bundled);
    const both = [
      { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
      { name: 'staging', accountId: ACCOUNT, region: 'eu-west-1' },
    ];
    const staging = scenarioAccount(bundled, section, [both[1]], {
      accountId: ACCOUNT,
      region: 'eu-west-1',
    });
    expect(staging.secrets.map(s => s.name)).not.toContain(
      'inbestment/checkout-service/webhook-signing-secret',
    );
    const shared = scenarioAccount(bundled, section, both, {
      accountId: ACCOUNT,
      region: 'eu-west-1',
    });
    const names = shared.roles.map(r => r.roleName);
    expect(new Set(names).size).toBe(names.length);
    const secrets = shared.secrets.map(s => s.name);
    expect(new Set(secrets).size).toBe(secrets.length);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'inbestment/checkout-service/webhook-signing-secret',
        'inbestment/media-service/smtp-credentials',
      ]),
    );
  });

  it.each([
    [
      'a component the store does not have',
      (a: any) => {
        a.components['loyalty-service'] = { secrets: [] };
      },
      /names 'loyalty-service', which is not a component of the store/,
    ],
    [
      'an unknown environment',
      (a: any) => {
        a.components['cart-service'].secrets[0].environments = ['qa'];
      },
      /access\.components\.cart-service\.secrets\.0: unknown environment 'qa'/,
    ],
    [
      'an unknown resource policy',
      (a: any) => {
        a.components['cart-service'].secrets[0].resourcePolicy = 'nope';
      },
      /no resource policy 'nope'/,
    ],
    [
      'a user in an unknown group',
      (a: any) => {
        a.users[0].groups = ['admins'];
      },
      /access\.users\.0: no group 'admins'/,
    ],
    [
      'a misspelt field',
      (a: any) => {
        a.components['cart-service'].secrets[0].rotationDayz = 30;
      },
      /access\.components\.cart-service\.secrets\.0/,
    ],
  ])('fails on %s, naming the file and the path', (_, edit, message) => {
    const scenario = withAccess(edit);
    expect(() => readAccessSection(scenario)).toThrow(message);
    expect(() => readAccessSection(scenario)).toThrow(scenario.file);
  });
});
