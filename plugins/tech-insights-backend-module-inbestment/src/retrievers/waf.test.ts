import {
  ListResourcesForWebACLCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  memoryCacheService,
  MotoServer,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { DefaultWafEventsService } from '@internal/backstage-plugin-waf-backend';
import {
  AwsWafProvider,
  readWafConfig,
} from '@internal/backstage-plugin-waf-node';
import {
  createStoreWebAcl,
  managedRuleGroupRule,
} from '@internal/backstage-plugin-waf-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ACCOUNT,
  claimsGateOver,
  NOW,
  runRetriever,
  service,
} from './__testUtils__';
import { createWafFactRetriever } from './waf';

jest.setTimeout(90_000);

const ALB = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/inbestment-store/50dc6c495c0c9188`;
const REQUIRED = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

const acl = (name: string) => ({ 'aws-ops.io/waf-web-acl': name });
const entities = [
  // Every required group, associated with the store's ALB.
  service('cart-service', { annotations: acl('inbestment-alb') }),
  // One group missing, one in count mode; associated.
  service('search-service', { annotations: acl('inbestment-partial') }),
  // Not associated with anything.
  service('pricing-service', { annotations: acl('inbestment-orphan') }),
  // A web ACL that does not exist.
  service('media-service', { annotations: acl('inbestment-gone') }),
  // Its associations cannot be read (access denied).
  service('review-service', { annotations: acl('inbestment-denied') }),
  // Only a staging environment: nothing to say about prod.
  service('staging-only-service', {
    annotations: {
      ...acl('inbestment-alb'),
      'aws-ops.io/environments': 'staging',
    },
  }),
  // Not from the store's reviewed files, claiming another component's path: refused.
  service('rogue-service', {
    trusted: false,
    annotations: {
      ...acl('inbestment-alb'),
      'aws-ops.io/waf-path-prefix': '/api/cart/',
    },
  }),
];

/*
 * GetWebACL and ListWebACLs from moto. moto records AssociateWebACL but has
 * no ListResourcesForWebACL: that command alone is answered as the WAFV2 API
 * reference documents it (ResourceArns), by web ACL; the rest reaches moto.
 */
describe('inbestmentWafFacts (moto)', () => {
  let moto: MotoServer;
  const savedEnv = { ...process.env };
  const arns: Record<string, string> = {};
  let wafMock: ReturnType<typeof mockClient>;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    const create = async (name: string, rules: object[]) => {
      const answer = await createStoreWebAcl({
        endpoint: moto.endpoint,
        region: 'eu-west-1',
        name,
        scope: 'REGIONAL',
        metricName: `${name}-all`,
        rules,
      });
      arns[name] = answer.Summary!.ARN!;
    };
    const all = REQUIRED.map((group, i) =>
      managedRuleGroupRule(group, 100 + i),
    );
    await create('inbestment-alb', all);
    await create('inbestment-partial', [
      managedRuleGroupRule('AWSManagedRulesCommonRuleSet', 100),
      managedRuleGroupRule('AWSManagedRulesKnownBadInputsRuleSet', 101, {
        countOnly: true,
      }),
      managedRuleGroupRule('AWSManagedRulesSQLiRuleSet', 102),
    ]);
    await create('inbestment-orphan', all);
    await create('inbestment-denied', all);

    wafMock = mockClient(WAFV2Client);
    wafMock.send.callThrough();
    wafMock.on(ListResourcesForWebACLCommand).callsFake(async input => {
      if (input.WebACLArn === arns['inbestment-denied']) {
        throw Object.assign(
          new Error('You don’t have the permissions that are required'),
          { name: 'WAFAccessDeniedException' },
        );
      }
      const protectsAlb =
        input.ResourceType === 'APPLICATION_LOAD_BALANCER' &&
        [arns['inbestment-alb'], arns['inbestment-partial']].includes(
          input.WebACLArn,
        );
      return { ResourceArns: protectsAlb ? [ALB] : [] };
    });
  });
  afterAll(async () => {
    wafMock?.restore();
    await moto?.stop();
    process.env = savedEnv;
  });

  function retriever(required?: string[]) {
    const config = mockServices.rootConfig({
      data: {
        awsOps: {
          endpoint: moto.endpoint,
          accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
          environments: [
            { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
            { name: 'staging', accountId: ACCOUNT, region: 'eu-west-1' },
          ],
        },
        ...(required
          ? {
              techInsights: {
                inbestment: { waf: { requiredManagedRuleGroups: required } },
              },
            }
          : {}),
      },
    });
    const awsOps = createAwsOpsService(
      config,
      mockServices.logger.mock(),
      memoryCacheService(),
    );
    return createWafFactRetriever({
      catalog: catalogServiceMock({ entities }),
      claims: claimsGateOver(entities),
      waf: new DefaultWafEventsService({
        awsOps,
        wafConfig: readWafConfig(config),
        provider: new AwsWafProvider(awsOps, { queryTimeoutMs: 1000 }),
        clock: () => NOW,
      }),
      config,
    });
  }

  it('reads each service’s prod web ACL: coverage, missing groups, unreadable facts as read errors', async () => {
    const facts = await runRetriever(retriever());
    expect(facts['cart-service']).toEqual({
      coveredByWebAcl: true,
      missingRuleGroups: [],
      hasRequiredRuleGroups: true,
    });
    expect(facts['search-service']).toEqual({
      coveredByWebAcl: true,
      // Absent, and in count mode (it blocks nothing).
      missingRuleGroups: [
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesAmazonIpReputationList',
      ],
      hasRequiredRuleGroups: false,
    });
    expect(facts['pricing-service']).toEqual({
      coveredByWebAcl: false,
      missingRuleGroups: [],
      hasRequiredRuleGroups: true,
    });
    expect(facts['media-service']).toEqual({
      coveredByWebAcl: false,
      missingRuleGroups: REQUIRED,
      hasRequiredRuleGroups: false,
    });
    // The association could not be read: that fact is unknown, the others are read.
    expect(facts['review-service']).toEqual({
      missingRuleGroups: [],
      hasRequiredRuleGroups: true,
      readErrors: {
        coveredByWebAcl: expect.stringMatching(
          /^NotAllowedError: WAFAccessDeniedException: resources of web ACL inbestment-denied: /,
        ),
      },
    });
    expect(facts['staging-only-service']).toEqual({
      readErrors: {
        coveredByWebAcl: expect.stringContaining('has no prod environment'),
        missingRuleGroups: expect.stringContaining('has no prod environment'),
        hasRequiredRuleGroups: expect.stringContaining(
          'has no prod environment',
        ),
      },
    });
    // A refused claim is read nowhere: unknown, never "not covered".
    const rogue = facts['rogue-service'];
    expect(Object.keys(rogue)).toEqual(['readErrors']);
    expect(Object.keys(rogue.readErrors as object).sort()).toEqual([
      'coveredByWebAcl',
      'hasRequiredRuleGroups',
      'missingRuleGroups',
    ]);
    expect(
      (rogue.readErrors as Record<string, string>).coveredByWebAcl,
    ).toMatch(/^NotAllowedError: /);
  });

  it('takes the required groups from config, by name or Vendor#Name', async () => {
    const facts = await runRetriever(
      retriever([
        'AWS#AWSManagedRulesSQLiRuleSet',
        'AWSManagedRulesCommonRuleSet',
      ]),
    );
    expect(facts['search-service']).toMatchObject({
      missingRuleGroups: [],
      hasRequiredRuleGroups: true,
    });
    expect(facts['cart-service']).toMatchObject({
      missingRuleGroups: ['AWS#AWSManagedRulesSQLiRuleSet'],
      hasRequiredRuleGroups: false,
    });
  });
});
