import { deriveNames, nameProblems } from './names';

describe('nameProblems', () => {
  it.each([
    ['loyalty-service', 'service'],
    ['gift-card-service', 'service'],
    ['wishlist-mfe', 'website'],
  ] as const)('accepts %s', (name, type) => {
    expect(nameProblems(name, type)).toEqual([]);
  });

  it.each([
    ['../etc-service', 'path separators'],
    ['a;rm-service', 'shell characters'],
    ['Loyalty-service', 'lower case'],
    ['loyalty', 'must end in "-service"'],
    ['-service', 'must end in "-service" after a word'],
    ['loyalty--service', 'words joined by single hyphens'],
    [`${'x'.repeat(30)}-service`, 'use at most 32'],
  ])('rejects %s with a message about %s', (name, message) => {
    expect(nameProblems(name, 'service').join('; ')).toContain(message);
  });
});

describe('deriveNames', () => {
  it('derives the names the portal annotations and Terraform expect', () => {
    const names = deriveNames('gift-card-service', 'service');
    expect(names).toMatchObject({
      base: 'gift-card',
      title: 'Gift Card Service',
      wafPathPrefix: '/api/gift-card',
      javaPackage: 'com.inbestment.giftcard',
      ecrRepository: 'inbestment/gift-card-service',
      image:
        '111122223333.dkr.ecr.eu-west-1.amazonaws.com/inbestment/gift-card-service',
      iamRole: 'inbestment-gift-card-service',
      secretsPrefix: 'inbestment/gift-card-service/',
      alarmPrefix: 'gift-card-service',
      wafWebAcl: 'inbestment-alb',
    });
    // Stable across runs: listener priorities must not move once deployed.
    expect(deriveNames('gift-card-service', 'service')).toEqual(names);
  });

  it('derives micro-frontend names', () => {
    expect(deriveNames('gift-card-mfe', 'website')).toMatchObject({
      wafPathPrefix: '/mfe/gift-card/',
      wafWebAcl: 'inbestment-cloudfront',
      federationName: 'giftCardMfe',
      bucketPrefix: 'inbestment-gift-card-mfe',
    });
  });
});
