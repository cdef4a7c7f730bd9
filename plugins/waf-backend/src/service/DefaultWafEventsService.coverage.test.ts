import {
  ListResourcesForWebACLCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  grantAsStoreEntity,
  memoryCacheService,
  MotoServer,
  startMotoServer,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  AwsWafProvider,
  readWafConfig,
} from '@internal/backstage-plugin-waf-node';
import {
  createStoreWebAcl,
  managedRuleGroupRule,
} from '@internal/backstage-plugin-waf-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
import { DefaultWafEventsService } from './DefaultWafEventsService';

const ACCOUNT = '123456789012';
const ALB_ARN = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/inbestment-store/50dc6c495c0c9188`;

jest.setTimeout(60_000);

function service(
  name: string,
  annotations: Record<string, string>,
  type = 'service',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'aws-ops.io/environments': 'prod', ...annotations },
    },
    spec: { type, owner: 'team-checkout', lifecycle: 'production' },
  };
}

/*
 * GetWebACL from moto; moto has no ListResourcesForWebACL (it records
 * AssociateWebACL but does not answer the listing), so that one command is
 * answered as the API reference documents it and every other WAFV2 command
 * goes to moto.
 */
describe('DefaultWafEventsService.getEntityCoverage (moto)', () => {
  let moto: MotoServer;
  const savedEnv = { ...process.env };
  const wafMock = mockClient(WAFV2Client);
  let make: () => DefaultWafEventsService;

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoServer();
    wafMock.restore();
    await createStoreWebAcl({
      endpoint: moto.endpoint,
      region: 'eu-west-1',
      name: 'inbestment-alb',
      scope: 'REGIONAL',
      metricName: 'inbestmentAlbAll',
      inlineComponents: [{ name: 'cart-service', pathPrefix: '/api/cart/' }],
      rules: [
        managedRuleGroupRule('AWSManagedRulesCommonRuleSet', 100),
        managedRuleGroupRule('AWSManagedRulesKnownBadInputsRuleSet', 101, {
          countOnly: true,
        }),
      ],
    });
    const config = new ConfigReader({
      awsOps: {
        endpoint: moto.endpoint,
        accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
        environments: [
          { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
        ],
      },
    });
    make = () => {
      const awsOps = createAwsOpsService(
        config,
        mockServices.logger.mock(),
        memoryCacheService(),
      );
      return new DefaultWafEventsService({
        awsOps,
        wafConfig: readWafConfig(config),
        provider: new AwsWafProvider(awsOps, { queryTimeoutMs: 1000 }),
        clock: () => Date.parse('2026-12-01T10:00:00Z'),
      });
    };
  });
  afterAll(async () => {
    wafMock.restore();
    await moto?.stop();
    process.env = savedEnv;
  });

  /** ListResourcesForWebACL answers `answer`; every other WAFV2 command reaches moto. */
  function listResources(answer: string[] | Error) {
    const mock = mockClient(WAFV2Client);
    mock.send.callThrough();
    const on = mock.on(ListResourcesForWebACLCommand);
    if (answer instanceof Error) on.rejects(answer);
    else on.resolves({ $metadata: {}, ResourceArns: answer });
    return mock;
  }

  it('reads the rule groups (count-only ones marked) and the associated resources', async () => {
    const mock = listResources([ALB_ARN]);
    const coverage = await make().getEntityCoverage(
      await grantAsStoreEntity(
        service('cart-service', {
          'aws-ops.io/waf-web-acl': 'inbestment-alb',
          'aws-ops.io/waf-path-prefix': '/api/cart/',
        }),
      ),
    );
    expect(coverage.errors).toEqual([]);
    expect(coverage.webAcl).toBe('inbestment-alb');
    expect(coverage.locations).toEqual([
      {
        environments: ['prod'],
        accountId: ACCOUNT,
        region: 'eu-west-1',
        scope: 'REGIONAL',
        webAcl: 'inbestment-alb',
        exists: true,
        ruleGroups: [
          {
            ruleGroup: 'AWS#AWSManagedRulesCommonRuleSet',
            managed: true,
            countOnly: false,
          },
          {
            ruleGroup: 'AWS#AWSManagedRulesKnownBadInputsRuleSet',
            managed: true,
            countOnly: true,
          },
        ],
        associatedResources: [ALB_ARN],
      },
    ]);
    const asked = mock
      .commandCalls(ListResourcesForWebACLCommand)
      .map(call => call.args[0].input);
    expect(asked).toEqual([
      {
        WebACLArn: expect.stringMatching(
          /^arn:aws:wafv2:eu-west-1:123456789012:regional\/webacl\/inbestment-alb\//,
        ),
        ResourceType: 'APPLICATION_LOAD_BALANCER',
      },
    ]);
    mock.restore();
  });

  it('says a web ACL that does not exist does not exist, and an unreadable association is an error', async () => {
    const mock = listResources(
      Object.assign(new Error('User is not authorized'), {
        name: 'WAFAccessDeniedException',
      }),
    );
    const waf = make();
    const missing = await waf.getEntityCoverage(
      await grantAsStoreEntity(
        service('cart-service', {
          'aws-ops.io/waf-web-acl': 'inbestment-gone',
        }),
      ),
    );
    expect(missing.errors).toEqual([]);
    expect(missing.locations).toEqual([
      expect.objectContaining({
        webAcl: 'inbestment-gone',
        exists: false,
        ruleGroups: [],
      }),
    ]);
    expect(missing.locations[0].associatedResources).toBeUndefined();

    const denied = await waf.getEntityCoverage(
      await grantAsStoreEntity(
        service('cart-service', {
          'aws-ops.io/waf-web-acl': 'inbestment-alb',
        }),
      ),
    );
    expect(denied.locations).toEqual([
      expect.objectContaining({ exists: true }),
    ]);
    expect(denied.locations[0].associatedResources).toBeUndefined();
    expect(denied.errors).toEqual([
      {
        scope: { environment: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
        name: 'NotAllowedError',
        message: expect.stringMatching(
          /^WAFAccessDeniedException: resources of web ACL inbestment-alb: User is not authorized/,
        ),
      },
    ]);
    mock.restore();
  });

  it('reads nothing for a component without a WAF claim (services default to inbestment-alb; libraries to none)', async () => {
    const coverage = await make().getEntityCoverage(
      await grantAsStoreEntity(service('cart-lib', {}, 'library')),
    );
    expect(coverage).toMatchObject({
      scope: 'REGIONAL',
      locations: [],
      errors: [],
    });
    expect(coverage.webAcl).toBeUndefined();
  });
});
