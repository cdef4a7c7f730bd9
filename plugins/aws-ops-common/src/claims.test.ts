import {
  ClaimsIndex,
  decideClaims,
  entityClaims,
  EntityLike,
  linksOf,
  relateClaims,
} from './claims';

function component(
  name: string,
  annotations: Record<string, string> = {},
  options: { type?: string; namespace?: string; kind?: string } = {},
): EntityLike {
  return {
    kind: options.kind ?? 'Component',
    metadata: { name, namespace: options.namespace, annotations },
    spec: { type: options.type ?? 'service' },
  };
}

const refOf = (entity: EntityLike) =>
  `${entity.kind.toLowerCase()}:${entity.metadata.namespace ?? 'default'}/${
    entity.metadata.name
  }`;

/** identity-service as store-services/identity-service/catalog-info.yaml has it. */
const identity = component('identity-service', {
  'backstage.io/kubernetes-id': 'identity-service',
  'backstage.io/kubernetes-namespace': 'inbestment',
  'aws-ops.io/alarm-prefix': 'identity-service',
  'aws-ops.io/alarm-names': 'inbestment-alb-5xx-rate',
  'aws-ops.io/waf-web-acl': 'inbestment-alb',
  'aws-ops.io/waf-host': 'api.inbestment.shop',
  'aws-ops.io/waf-path-prefix': '/api/identity/',
  'aws-ops.io/secrets-prefix': 'inbestment/identity-service/',
  'aws-ops.io/iam-role': 'inbestment-identity-service',
});
const cartService = component('cart-service', {
  'backstage.io/kubernetes-id': 'cart-service',
  'aws-ops.io/alarm-names': 'inbestment-alb-5xx-rate,cart-pricing-circuit-open',
});
const storefront = component(
  'shell-mfe',
  {
    'aws-ops.io/alarm-names':
      'arn:aws:cloudwatch:us-east-1:111122223333:alarm:storefront-cdn-5xx-rate',
  },
  { type: 'website' },
);

const trustedIndex = (...untrusted: EntityLike[]) =>
  new ClaimsIndex([
    ...[identity, cartService, storefront].map(entity => ({
      entity,
      entityRef: refOf(entity),
      trusted: true,
    })),
    ...untrusted.map(entity => ({
      entity,
      entityRef: refOf(entity),
      trusted: false,
    })),
  ]);

const decide = (entity: EntityLike, index = trustedIndex(entity)) =>
  decideClaims(entity, refOf(entity), { trusted: false, index });

const summary = (decision: ReturnType<typeof decide>) => ({
  granted: decision.granted.map(c =>
    'value' in c ? `${c.type} ${c.value}` : c.type,
  ),
  refused: decision.refused.map(r => `${r.claim.type} ${r.claim.annotation}`),
});

describe('entityClaims and linksOf: the defaults of docs/annotations.md', () => {
  it('defaults alarms, secrets, role and WAF of a service to its name', () => {
    const links = linksOf(component('loyalty-service'));
    expect(links).toEqual({
      eksClusterArns: [],
      alarms: { prefix: 'loyalty-service', names: [], arns: [] },
      waf: {
        webAcl: 'inbestment-alb',
        scope: 'REGIONAL',
        host: undefined,
        pathPrefix: '/api/loyalty',
      },
      secretsPrefix: 'inbestment/loyalty-service/',
      iamRole: 'inbestment-loyalty-service',
      dynamodbTables: ['inbestment-loyalty'],
    });
  });

  it('gives websites the CloudFront web ACL and /mfe/<base>/, other types no WAF', () => {
    expect(linksOf(component('cart-mfe', {}, { type: 'website' })).waf).toEqual(
      {
        webAcl: 'inbestment-cloudfront',
        scope: 'CLOUDFRONT',
        host: undefined,
        pathPrefix: '/mfe/cart/',
      },
    );
    expect(linksOf(component('docs', {}, { type: 'library' })).waf).toBe(
      undefined,
    );
  });

  it('reads every annotation; a label selector replaces the kubernetes-id', () => {
    const links = linksOf(
      component('search-service', {
        'backstage.io/kubernetes-id': 'search-service',
        'backstage.io/kubernetes-label-selector': 'app in (search,indexer)',
        'backstage.io/kubernetes-namespace': 'search',
        'aws-ops.io/eks-cluster-arns':
          'arn:aws:eks:eu-west-1:111122223333:cluster/batch',
        'aws-ops.io/alarm-prefix': 'search',
        'aws-ops.io/alarm-names':
          'search-index-staleness, arn:aws:cloudwatch:us-east-1:111122223333:alarm:search-cdn',
        'aws-ops.io/waf-host': 'API.inbestment.shop',
        'aws-ops.io/waf-path-prefix': '/api/search/',
        'aws-ops.io/secrets-prefix': 'inbestment/search/',
        'aws-ops.io/iam-role': 'search-role',
        'aws-ops.io/dynamodb-tables': 'inbestment-search, search-suggestions',
      }),
    );
    expect(links).toEqual({
      kubernetes: { selector: 'app in (search,indexer)', namespace: 'search' },
      eksClusterArns: ['arn:aws:eks:eu-west-1:111122223333:cluster/batch'],
      alarms: {
        prefix: 'search',
        names: ['search-index-staleness'],
        arns: ['arn:aws:cloudwatch:us-east-1:111122223333:alarm:search-cdn'],
      },
      waf: {
        webAcl: 'inbestment-alb',
        scope: 'REGIONAL',
        host: 'api.inbestment.shop',
        pathPrefix: '/api/search/',
      },
      secretsPrefix: 'inbestment/search/',
      iamRole: 'search-role',
      dynamodbTables: ['inbestment-search', 'search-suggestions'],
    });
    expect(
      linksOf(component('cart-service', { 'backstage.io/kubernetes-id': 'x' }))
        .kubernetes,
    ).toEqual({
      selector: 'backstage.io/kubernetes-id=x',
      namespace: 'inbestment',
    });
  });

  it('links entities of other kinds to nothing', () => {
    expect(
      entityClaims(component('identity-service', {}, { kind: 'Resource' })),
    ).toEqual([]);
  });
});

describe('decideClaims: entities from the reviewed catalog files', () => {
  it('hold every claim, shared ones too', () => {
    const decision = decideClaims(identity, refOf(identity), {
      trusted: true,
      index: trustedIndex(),
    });
    expect(decision.refused).toEqual([]);
    expect(decision.granted).toEqual(entityClaims(identity));
  });
});

describe('decideClaims: any other entity claims only what is named after itself', () => {
  it('keeps self-named claims, the scaffolder templates’ annotations included', () => {
    const scaffolded = component('loyalty-service', {
      'backstage.io/kubernetes-id': 'loyalty-service',
      'backstage.io/kubernetes-namespace': 'inbestment',
      'aws-ops.io/alarm-prefix': 'loyalty-service',
      'aws-ops.io/alarm-names':
        'loyalty-service-queue-depth,arn:aws:cloudwatch:us-east-1:111122223333:alarm:loyalty-service-cdn',
      'aws-ops.io/waf-web-acl': 'inbestment-alb',
      'aws-ops.io/waf-host': 'api.inbestment.shop',
      'aws-ops.io/waf-path-prefix': '/api/loyalty',
      'aws-ops.io/secrets-prefix': 'inbestment/loyalty-service/',
      'aws-ops.io/iam-role': 'inbestment-loyalty-service',
      'aws-ops.io/dynamodb-tables':
        'inbestment-loyalty,inbestment-loyalty-ledger',
    });
    expect(summary(decide(scaffolded))).toEqual({
      granted: [
        'kubernetes-id loyalty-service',
        'alarm-prefix loyalty-service',
        'alarm-name loyalty-service-queue-depth',
        'alarm-arn arn:aws:cloudwatch:us-east-1:111122223333:alarm:loyalty-service-cdn',
        'waf-traffic',
        'secrets-prefix inbestment/loyalty-service/',
        'iam-role inbestment-loyalty-service',
        'dynamodb-table inbestment-loyalty',
        'dynamodb-table inbestment-loyalty-ledger',
      ],
      refused: [],
    });
    const website = component(
      'loyalty-mfe',
      {
        'aws-ops.io/waf-web-acl': 'inbestment-cloudfront',
        'aws-ops.io/waf-path-prefix': '/mfe/loyalty/',
      },
      { type: 'website' },
    );
    expect(decide(website).refused).toEqual([]);
  });

  it("refuses each of identity-service's resources named by annotation, naming entity and annotation", () => {
    const planted = component('planted-service', {
      'backstage.io/kubernetes-id': 'identity-service',
      'aws-ops.io/alarm-prefix': 'identity-service',
      'aws-ops.io/secrets-prefix': 'inbestment/identity-service/',
      'aws-ops.io/iam-role': 'inbestment-identity-service',
      'aws-ops.io/dynamodb-tables': 'inbestment-identity',
    });
    const decision = decide(planted);
    expect(summary(decision).refused).toEqual([
      'kubernetes-id backstage.io/kubernetes-id',
      'alarm-prefix aws-ops.io/alarm-prefix',
      'secrets-prefix aws-ops.io/secrets-prefix',
      'iam-role aws-ops.io/iam-role',
      'dynamodb-table aws-ops.io/dynamodb-tables',
    ]);
    expect(decision.refused[4].message).toBe(
      "component:default/planted-service may not claim DynamoDB table inbestment-identity (aws-ops.io/dynamodb-tables): it does not come from the store's reviewed catalog files, so it may only claim resources named after itself (aws-ops.io/dynamodb-tables: inbestment-planted or inbestment-planted-*)",
    );
    expect(decision.refused[2].message).toBe(
      "component:default/planted-service may not claim secrets named inbestment/identity-service/* (aws-ops.io/secrets-prefix): it does not come from the store's reviewed catalog files, so it may only claim resources named after itself (aws-ops.io/secrets-prefix: inbestment/planted-service/)",
    );
    // Only its own defaults remain.
    expect(linksOf(planted, decision.granted)).toEqual({
      eksClusterArns: [],
      alarms: { names: [], arns: [] },
      waf: expect.objectContaining({ pathPrefix: '/api/planted' }),
    });
  });

  it('refuses label selectors, extra clusters, foreign alarm names and ARNs, and other WAF traffic', () => {
    const planted = component('planted-service', {
      'backstage.io/kubernetes-label-selector': 'app=identity',
      'aws-ops.io/eks-cluster-arns':
        'arn:aws:eks:eu-west-1:111122223333:cluster/inbestment-prod',
      'aws-ops.io/alarm-names':
        'inbestment-alb-5xx-rate,arn:aws:cloudwatch:us-east-1:111122223333:alarm:storefront-cdn-5xx-rate',
      'aws-ops.io/waf-path-prefix': '/api/identity/',
    });
    expect(summary(decide(planted)).refused).toEqual([
      'kubernetes-label-selector backstage.io/kubernetes-label-selector',
      'eks-cluster-arn aws-ops.io/eks-cluster-arns',
      'alarm-name aws-ops.io/alarm-names',
      'alarm-arn aws-ops.io/alarm-names',
      'waf-traffic aws-ops.io/waf-path-prefix',
    ]);
    const otherAcl = component('planted-service', {
      'aws-ops.io/waf-web-acl': 'inbestment-cloudfront',
    });
    expect(decide(otherAcl).refused[0].message).toContain(
      '(aws-ops.io/waf-web-acl: inbestment-alb)',
    );
    // A library has no web ACL: naming one would read all of its traffic (path prefix /).
    const library = component(
      'planted',
      { 'aws-ops.io/waf-web-acl': 'inbestment-alb' },
      { type: 'library' },
    );
    expect(summary(decide(library)).refused).toEqual([
      'waf-traffic aws-ops.io/waf-path-prefix',
    ]);
  });

  it('refuses the defaults of a namesake of identity-service in another namespace', () => {
    const namesake = component(
      'identity-service',
      {},
      { namespace: 'attacker' },
    );
    const decision = decide(namesake);
    expect(summary(decision)).toEqual({
      granted: [],
      refused: [
        'alarm-prefix aws-ops.io/alarm-prefix',
        'waf-traffic aws-ops.io/waf-path-prefix',
        'secrets-prefix aws-ops.io/secrets-prefix',
        'iam-role aws-ops.io/iam-role',
        'dynamodb-table aws-ops.io/dynamodb-tables',
      ],
    });
    expect(decision.refused[4].message).toBe(
      'component:attacker/identity-service may not claim DynamoDB table inbestment-identity (aws-ops.io/dynamodb-tables, by default): component:default/identity-service claims DynamoDB table inbestment-identity',
    );
    expect(decision.refused[0].message).toBe(
      'component:attacker/identity-service may not claim alarms named identity-service-* (aws-ops.io/alarm-prefix, by default): component:default/identity-service claims alarms named identity-service-*',
    );
    // Its kubernetes-id is its own name, and identity-service's too.
    expect(
      summary(
        decide(
          component(
            'identity-service',
            { 'backstage.io/kubernetes-id': 'identity-service' },
            { namespace: 'attacker' },
          ),
        ),
      ).refused,
    ).toContain('kubernetes-id backstage.io/kubernetes-id');
  });

  it("refuses a prefix that covers another entity's alarms, or one inside a trusted prefix", () => {
    // `cart-` covers cart-service's `cart-service-*` and `cart-pricing-circuit-open`.
    expect(summary(decide(component('cart'))).refused).toContain(
      'alarm-prefix aws-ops.io/alarm-prefix',
    );
    // `inbestment-` covers the shared inbestment-alb-5xx-rate.
    expect(summary(decide(component('inbestment'))).refused).toContain(
      'alarm-prefix aws-ops.io/alarm-prefix',
    );
    // identity-service-token-* alarms would be identity-service's too.
    const inside = component('identity-service-token');
    expect(summary(decide(inside)).refused).toEqual([
      'alarm-prefix aws-ops.io/alarm-prefix',
    ]);
    // Case alone does not separate names.
    expect(summary(decide(component('Identity-Service'))).refused).toEqual([
      'alarm-prefix aws-ops.io/alarm-prefix',
      'secrets-prefix aws-ops.io/secrets-prefix',
      'iam-role aws-ops.io/iam-role',
    ]);
  });

  it('between two untrusted entities, the more specific claim wins and equal ones are nobody’s', () => {
    const wide = component('loyalty');
    const narrow = component('loyalty-points', {}, { type: 'library' });
    const index = trustedIndex(wide, narrow);
    expect(summary(decide(wide, index)).refused).toEqual([
      'alarm-prefix aws-ops.io/alarm-prefix',
    ]);
    expect(decide(narrow, index).refused).toEqual([]);

    const twin = component('loyalty', {}, { namespace: 'other' });
    const twins = trustedIndex(wide, twin);
    expect(decide(wide, twins).granted).toEqual([]);
    expect(decide(twin, twins).granted).toEqual([]);
  });

  it("ignores another untrusted entity's refused claims", () => {
    const victim = component('loyalty-service');
    const squatter = component('squatter-service', {
      'aws-ops.io/secrets-prefix': 'inbestment/loyalty-service/',
    });
    expect(decide(victim, trustedIndex(victim, squatter)).refused).toEqual([]);
  });

  it('applies the self-named rule without an index', () => {
    const planted = component('planted-service', {
      'aws-ops.io/iam-role': 'inbestment-identity-service',
    });
    expect(
      summary(decideClaims(planted, refOf(planted), { trusted: false }))
        .refused,
    ).toEqual(['iam-role aws-ops.io/iam-role']);
  });
});

describe('relateClaims', () => {
  const waf = (pathPrefix: string, host?: string) =>
    ({
      type: 'waf-traffic',
      annotation: 'aws-ops.io/waf-path-prefix',
      defaulted: false,
      webAcl: 'inbestment-alb',
      scope: 'REGIONAL',
      host,
      pathPrefix,
    } as const);

  it('compares WAF path prefixes by whole segments, and hosts', () => {
    expect(relateClaims(waf('/api/order'), waf('/api/order/'))).toBe('same');
    expect(relateClaims(waf('/api/order'), waf('/api/orders'))).toBe(undefined);
    expect(relateClaims(waf('/api/'), waf('/api/order'))).toBe('contains');
    expect(
      relateClaims(waf('/api/order', 'a.shop'), waf('/api/order', 'b.shop')),
    ).toBe(undefined);
    expect(relateClaims(waf('/api/order', 'a.shop'), waf('/api/'))).toBe(
      'within',
    );
    expect(relateClaims(waf('/api/', 'a.shop'), waf('/api/order'))).toBe(
      'overlaps',
    );
  });

  it('DynamoDB tables: services default to inbestment-<base>, others claim none; a table is held by one entity', () => {
    expect(
      linksOf(component('cart-mfe', {}, { type: 'website' })),
    ).not.toHaveProperty('dynamodbTables');
    // A website may not name a table at all when it is not trusted.
    expect(
      summary(
        decide(
          component(
            'loyalty-mfe',
            { 'aws-ops.io/dynamodb-tables': 'inbestment-loyalty-mfe' },
            { type: 'website' },
          ),
        ),
      ).refused,
    ).toContain('dynamodb-table aws-ops.io/dynamodb-tables');
    // `cart` is not cart-service, but its default table is cart-service's.
    const cart = component('cart');
    expect(summary(decide(cart)).refused).toContain(
      'dynamodb-table aws-ops.io/dynamodb-tables',
    );
    expect(summary(decide(cart, new ClaimsIndex([]))).granted).toContain(
      'dynamodb-table inbestment-cart',
    );
    // Two untrusted entities naming the same table: nobody's (names compared case-insensitively).
    const other = component(
      'cart-service',
      {
        'aws-ops.io/dynamodb-tables': 'inbestment-cart',
      },
      { namespace: 'team-y' },
    );
    const index = new ClaimsIndex(
      [cart, other].map(entity => ({
        entity,
        entityRef: refOf(entity),
        trusted: false,
      })),
    );
    // (cart-service's `cart-service-*` alarms and /api/cart traffic are inside cart's too.)
    expect(summary(decide(cart, index)).refused).toContain(
      'dynamodb-table aws-ops.io/dynamodb-tables',
    );
    expect(summary(decide(other, index)).refused).toContain(
      'dynamodb-table aws-ops.io/dynamodb-tables',
    );
    const a = entityClaims(
      component('x-service', { 'aws-ops.io/dynamodb-tables': 'T1' }),
    );
    const b = entityClaims(
      component('y-service', { 'aws-ops.io/dynamodb-tables': 't1' }),
    );
    const tableOf = (claims: typeof a) =>
      claims.find(c => c.type === 'dynamodb-table')!;
    expect(relateClaims(tableOf(a), tableOf(b))).toBe('same');
    expect(
      relateClaims(
        tableOf(a),
        tableOf(
          entityClaims(
            component('z-service', { 'aws-ops.io/dynamodb-tables': 't10' }),
          ),
        ),
      ),
    ).toBeUndefined();
  });

  it('compares secrets prefixes by name and IAM roles case-insensitively', () => {
    const secrets = (value: string) =>
      ({
        type: 'secrets-prefix',
        annotation: 'aws-ops.io/secrets-prefix',
        defaulted: false,
        value,
      } as const);
    expect(
      relateClaims(secrets('inbestment/cart/'), secrets('inbestment/cart-x/')),
    ).toBe(undefined);
    expect(
      relateClaims(secrets('inbestment/'), secrets('inbestment/cart/')),
    ).toBe('contains');
    const role = (value: string) =>
      ({
        type: 'iam-role',
        annotation: 'aws-ops.io/iam-role',
        defaulted: false,
        value,
      } as const);
    expect(relateClaims(role('Inbestment-Cart'), role('inbestment-cart'))).toBe(
      'same',
    );
  });

  it('lets a label selector that names a kubernetes-id overlap it', () => {
    const id = {
      type: 'kubernetes-id',
      annotation: 'backstage.io/kubernetes-id',
      defaulted: false,
      value: 'cart-service',
    } as const;
    const selector = (value: string) =>
      ({
        type: 'kubernetes-label-selector',
        annotation: 'backstage.io/kubernetes-label-selector',
        defaulted: false,
        value,
      } as const);
    expect(
      relateClaims(
        id,
        selector('backstage.io/kubernetes-id in (cart-service,x)'),
      ),
    ).toBe('overlaps');
    expect(relateClaims(id, selector('app=cart-service-v2'))).toBe(undefined);
  });
});
