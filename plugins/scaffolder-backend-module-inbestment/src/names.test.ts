import { deriveNames } from './names';

describe('deriveNames', () => {
  it('derives the names the portal annotations and Terraform expect', () => {
    const names = deriveNames(
      'gift-card-service',
      'service',
      'group:default/team-commerce',
    );
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
      alarmTopic: 'inbestment-team-commerce-alarms',
      stateBucket: 'inbestment-terraform-state',
      stateKey: {
        prod: 'components/gift-card-service/prod/terraform.tfstate',
        staging: 'components/gift-card-service/staging/terraform.tfstate',
      },
    });
    // Stable across runs: listener priorities must not move once deployed.
    expect(
      deriveNames(
        'gift-card-service',
        'service',
        'group:default/team-commerce',
      ),
    ).toEqual(names);
  });

  it('derives micro-frontend names', () => {
    expect(
      deriveNames('gift-card-mfe', 'website', 'team-commerce'),
    ).toMatchObject({
      wafPathPrefix: '/mfe/gift-card/',
      wafWebAcl: 'inbestment-cloudfront',
      federationName: 'giftCardMfe',
      bucketPrefix: 'inbestment-gift-card-mfe',
      alarmTopic: 'inbestment-team-commerce-alarms-us-east-1',
    });
  });
});
