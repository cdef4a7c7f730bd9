import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ClaimsIndex } from '@internal/backstage-plugin-aws-ops-common';
import { claimErrors, ClaimsGate, ClaimsIndexCache } from './gate';
import { TrustedOrigins } from './trust';

const ORIGIN = 'backstage.io/managed-by-origin-location';

function component(
  name: string,
  annotations: Record<string, string>,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace, annotations },
    spec: { type: 'service' },
  };
}

const trust = TrustedOrigins.fromConfig(
  new ConfigReader({
    inbestment: { catalogFiles: ['../../store-services/*/catalog-info.yaml'] },
  }),
  '/repo/packages/backend',
);
const STORE_FILE =
  'file:/repo/store-services/identity-service/catalog-info.yaml';

const identity = component('identity-service', {
  [ORIGIN]: STORE_FILE,
  'aws-ops.io/secrets-prefix': 'inbestment/identity-service/',
});

describe('TrustedOrigins', () => {
  it('trusts the files inbestment.catalogFiles matches, relative to the working directory', () => {
    expect(trust.isTrusted(identity)).toBe(true);
  });

  it.each([
    ['no origin', undefined],
    [
      'a generated repository',
      'file:/repo/data/generated-repos/x/catalog-info.yaml',
    ],
    [
      'a url location',
      'url:https://github.com/inbestment/identity-service/blob/main/catalog-info.yaml',
    ],
    [
      'a path that climbs out and back',
      'file:/repo/data/../store-services/identity-service/catalog-info.yaml',
    ],
    [
      'a relative path',
      'file:store-services/identity-service/catalog-info.yaml',
    ],
    [
      'another file in a store folder',
      'file:/repo/store-services/identity-service/docs/catalog-info.yaml',
    ],
    [
      'not a location ref',
      '/repo/store-services/identity-service/catalog-info.yaml',
    ],
  ])('does not trust %s', (_, origin) => {
    expect(
      trust.isTrusted(component('x', origin ? { [ORIGIN]: origin } : {})),
    ).toBe(false);
  });
});

describe('ClaimsGate', () => {
  const index = async () =>
    new ClaimsIndex([
      {
        entity: identity,
        entityRef: 'component:default/identity-service',
        trusted: true,
      },
    ]);

  it('grants a store entity every claim without reading the index', async () => {
    const gate = new ClaimsGate({
      trust,
      index: () => Promise.reject(new Error('not needed')),
    });
    const granted = await gate.grant(identity);
    expect(granted.trusted).toBe(true);
    expect(granted.links.secretsPrefix).toBe('inbestment/identity-service/');
    expect(granted.errors).toEqual([]);
  });

  it("refuses an untrusted namesake's claims and reports them per plugin", async () => {
    const gate = new ClaimsGate({ trust, index });
    const namesake = component(
      'identity-service',
      {
        [ORIGIN]:
          'file:/repo/data/generated-repos/identity-service/catalog-info.yaml',
        'backstage.io/kubernetes-id': 'identity-service',
      },
      'attacker',
    );
    const granted = await gate.grant(namesake);
    expect(granted.links).toEqual({
      kubernetes: {
        selector: 'backstage.io/kubernetes-id=identity-service',
        namespace: 'inbestment',
      },
      eksClusterArns: [],
      alarms: { names: [], arns: [] },
    });
    expect(granted.claimed.secretsPrefix).toBe('inbestment/identity-service/');
    expect(claimErrors(granted, ['secrets-prefix'])).toEqual([
      {
        scope: {},
        name: 'NotAllowedError',
        message:
          'component:attacker/identity-service may not claim secrets named inbestment/identity-service/* (aws-ops.io/secrets-prefix, by default): component:default/identity-service claims secrets named inbestment/identity-service/*',
      },
    ]);
    expect(claimErrors(granted, ['kubernetes-id'])).toEqual([]);
  });

  it('shows an untrusted entity nothing when the other claims cannot be read', async () => {
    const gate = new ClaimsGate({
      trust,
      index: () => Promise.reject(new Error('catalog unavailable')),
    });
    const scaffolded = component('loyalty-service', {
      'aws-ops.io/iam-role': 'inbestment-identity-service',
    });
    const granted = await gate.grant(scaffolded);
    expect(granted.links).toEqual({
      eksClusterArns: [],
      alarms: { names: [], arns: [] },
    });
    expect(claimErrors(granted, ['alarm-prefix']).map(e => e.name)).toEqual([
      'ServiceUnavailableError',
    ]);
    // The self-named rule still names the foreign claim.
    expect(claimErrors(granted, ['iam-role']).map(e => e.name)).toEqual([
      'NotAllowedError',
      'ServiceUnavailableError',
    ]);
    const check = await gate.check(scaffolded);
    expect(check.indexError?.message).toBe('catalog unavailable');
    expect(check.decision.refused).toHaveLength(1);
  });
});

describe('ClaimsIndexCache', () => {
  it('loads once for concurrent callers and again after the lifetime, never caching a failure', async () => {
    let now = 0;
    const cache = new ClaimsIndexCache(30_000, () => now);
    const built = new ClaimsIndex([]);
    const load = jest.fn(async () => built);
    await Promise.all([cache.get(load), cache.get(load)]);
    expect(load).toHaveBeenCalledTimes(1);
    now = 29_000;
    await cache.get(load);
    expect(load).toHaveBeenCalledTimes(1);
    now = 31_000;
    await expect(
      cache.get(() => Promise.reject(new Error('down'))),
    ).rejects.toThrow('down');
    await expect(cache.get(load)).resolves.toBe(built);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
