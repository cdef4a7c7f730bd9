import { memoryCacheService } from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  GetQueryResultsCommand,
  GetQueryResultsCommandOutput,
  CloudWatchLogsClient,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  CloudFrontClient,
  ListDistributionsByWebACLIdCommand,
} from '@aws-sdk/client-cloudfront';
import {
  ListResourcesForWebACLCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsWafProvider, REGIONAL_RESOURCE_TYPES } from './AwsWafProvider';
import { WafLogLocation } from './types';

const location: WafLogLocation = {
  environment: 'prod',
  accountId: '111122223333',
  region: 'eu-west-1',
  webAcl: 'inbestment-alb',
  scope: 'REGIONAL',
  logGroup: 'aws-waf-logs-inbestment-alb',
};

/** An AWS layer on an endpoint nothing answers: every call is mocked. */
const awsOps = () =>
  createAwsOpsService(
    new ConfigReader({
      awsOps: {
        source: 'aws',
        endpoint: 'http://127.0.0.1:9',
        accounts: [
          { accountId: '111122223333', regions: ['eu-west-1', 'us-east-1'] },
        ],
      },
    }),
    mockServices.logger.mock(),
    memoryCacheService(),
  );

/**
 * GetQueryResults answers as recorded from CloudWatch Logs (eu-west-1) for a
 * WAF log group: first Running with partial statistics, then Complete. The
 * message is shortened; the shape and the statistics are as AWS returns them.
 */
const RUNNING: GetQueryResultsCommandOutput = {
  $metadata: {},
  status: 'Running' as const,
  results: [],
  statistics: {
    recordsMatched: 0,
    recordsScanned: 412_311,
    bytesScanned: 611_538_112,
  },
};
const MESSAGE =
  '{"timestamp":1764583931120,"formatVersion":1,"webaclId":"arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/inbestment-alb/4f1c2a6e-7b3d-4e0a-9c1f-0a1b2c3d4e5f","terminatingRuleId":"RateLimitLogin","terminatingRuleType":"RATE_BASED","action":"BLOCK","terminatingRuleMatchDetails":[],"httpSourceName":"ALB","httpSourceId":"111122223333-app/inbestment-alb/50dc6c495c0c9188","ruleGroupList":[],"rateBasedRuleList":[{"rateBasedRuleId":"a1","rateBasedRuleName":"RateLimitLogin","limitKey":"IP","maxRateAllowed":100,"evaluationWindowSec":"300"}],"nonTerminatingMatchingRules":[],"requestHeadersInserted":null,"responseCodeSent":null,"httpRequest":{"clientIp":"185.220.101.34","country":"DE","headers":[{"name":"host","value":"api.inbestment.shop"}],"uri":"/api/identity/login","args":"","httpVersion":"HTTP/2.0","httpMethod":"POST","requestId":"1-674c1b1b-0c5d4e6f7a8b9c0d1e2f3a4b"},"labels":[{"name":"awswaf:111122223333:webacl:inbestment-alb:inbestment:component:identity-service"}]}';
const COMPLETE: GetQueryResultsCommandOutput = {
  $metadata: {},
  status: 'Complete' as const,
  results: [
    [
      { field: '@timestamp', value: '2026-12-01 10:12:11.120' },
      { field: '@message', value: MESSAGE },
      {
        field: '@ptr',
        value:
          'CmEKJgoiMTExMTIyMjIzMzMzOmF3cy13YWYtbG9ncy1pbmJlc3RtZW50LWFsYhAHEjUaGAIGaI',
      },
    ],
  ],
  statistics: {
    recordsMatched: 18_004,
    recordsScanned: 1_803_550,
    bytesScanned: 2_675_331_200,
    estimatedRecordsSkipped: 0,
    estimatedBytesSkipped: 0,
    logGroupsScanned: 1,
  },
};

describe('AwsWafProvider.queryLogs (aws-sdk-client-mock: moto returns no statistics)', () => {
  const logs = mockClient(CloudWatchLogsClient);
  const savedEnv = { ...process.env };

  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(() => {
    process.env = savedEnv;
  });
  beforeEach(() => logs.reset());

  it('starts one bounded query in seconds, polls until Complete and reads rows and statistics', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-1' });
    logs.on(GetQueryResultsCommand).resolvesOnce(RUNNING).resolves(COMPLETE);
    const provider = new AwsWafProvider(awsOps(), {
      queryTimeoutMs: 10_000,
      pollMs: 1,
    });
    const result = await provider.queryLogs(location, {
      queryString:
        'fields @timestamp, @message | filter action in ["BLOCK", "CAPTCHA", "CHALLENGE"] | sort @timestamp desc | limit 1000',
      startMs: 1_764_583_200_123,
      endMs: 1_764_584_100_456,
      limit: 1000,
    });
    expect(
      logs.commandCalls(StartQueryCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        logGroupName: 'aws-waf-logs-inbestment-alb',
        startTime: 1_764_583_200,
        endTime: 1_764_584_100,
        queryString:
          'fields @timestamp, @message | filter action in ["BLOCK", "CAPTCHA", "CHALLENGE"] | sort @timestamp desc | limit 1000',
        limit: 1000,
      },
    ]);
    expect(logs.commandCalls(GetQueryResultsCommand)).toHaveLength(2);
    expect(result).toEqual({
      status: 'Complete',
      rows: [{ '@timestamp': '2026-12-01 10:12:11.120', '@message': MESSAGE }],
      statistics: {
        recordsMatched: 18_004,
        recordsScanned: 1_803_550,
        bytesScanned: 2_675_331_200,
      },
    });
  });

  it('fails a query that ended Failed or did not finish in time', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-2' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Failed', results: [] });
    const provider = new AwsWafProvider(awsOps(), {
      queryTimeoutMs: 50,
      pollMs: 1,
    });
    const request = { queryString: 'x', startMs: 0, endMs: 1000, limit: 1 };
    await expect(provider.queryLogs(location, request)).rejects.toMatchObject({
      name: 'QueryFailedError',
    });
    logs.on(GetQueryResultsCommand).resolves(RUNNING);
    await expect(provider.queryLogs(location, request)).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});

/*
 * moto has neither WAFV2 ListResourcesForWebACL nor CloudFront
 * ListDistributionsByWebACLId: answers shaped as the API references document
 * them (ResourceArns; DistributionList with Items of DistributionSummary).
 */
describe('AwsWafProvider.listWebAclResources (aws-sdk-client-mock: moto has neither API)', () => {
  const waf = mockClient(WAFV2Client);
  const cloudfront = mockClient(CloudFrontClient);
  const savedEnv = { ...process.env };
  const ACL_ARN =
    'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/inbestment-alb/4f1c2a6e-7b3d-4e0a-9c1f-0a1b2c3d4e5f';
  const CDN_ARN =
    'arn:aws:wafv2:us-east-1:111122223333:global/webacl/inbestment-cloudfront/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  const ALB_ARN =
    'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/inbestment-store/50dc6c495c0c9188';

  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(() => {
    process.env = savedEnv;
  });
  beforeEach(() => {
    waf.reset();
    cloudfront.reset();
  });

  it('asks the regional resource types in turn and stops at the first with resources', async () => {
    waf
      .on(ListResourcesForWebACLCommand, {
        ResourceType: 'APPLICATION_LOAD_BALANCER',
      })
      .resolves({ $metadata: {}, ResourceArns: [] })
      .on(ListResourcesForWebACLCommand, { ResourceType: 'API_GATEWAY' })
      .resolves({
        $metadata: {},
        ResourceArns: [
          'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod',
        ],
      });
    const provider = new AwsWafProvider(awsOps(), { queryTimeoutMs: 1000 });
    await expect(
      provider.listWebAclResources(location, ACL_ARN),
    ).resolves.toEqual([
      'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod',
    ]);
    const asked = waf
      .commandCalls(ListResourcesForWebACLCommand)
      .map(call => call.args[0].input);
    expect(asked).toEqual([
      { WebACLArn: ACL_ARN, ResourceType: 'APPLICATION_LOAD_BALANCER' },
      { WebACLArn: ACL_ARN, ResourceType: 'API_GATEWAY' },
    ]);
    expect(cloudfront.calls()).toHaveLength(0);
  });

  it('answers no resources after every type, and one call for an ALB', async () => {
    waf.on(ListResourcesForWebACLCommand).resolves({ $metadata: {} });
    const provider = new AwsWafProvider(awsOps(), { queryTimeoutMs: 1000 });
    await expect(
      provider.listWebAclResources(location, ACL_ARN),
    ).resolves.toEqual([]);
    expect(waf.commandCalls(ListResourcesForWebACLCommand)).toHaveLength(
      REGIONAL_RESOURCE_TYPES.length,
    );

    waf.reset();
    waf.on(ListResourcesForWebACLCommand).resolves({
      $metadata: {},
      ResourceArns: [ALB_ARN],
    });
    await expect(
      provider.listWebAclResources(location, ACL_ARN),
    ).resolves.toEqual([ALB_ARN]);
    expect(waf.commandCalls(ListResourcesForWebACLCommand)).toHaveLength(1);
  });

  it('asks CloudFront for the distributions of a CloudFront web ACL, by its ARN', async () => {
    cloudfront.on(ListDistributionsByWebACLIdCommand).resolves({
      $metadata: {},
      DistributionList: {
        Marker: '',
        MaxItems: 1,
        IsTruncated: true,
        Quantity: 1,
        Items: [
          {
            Id: 'E2QWRUHAPOMQZL',
            ARN: 'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL',
            DomainName: 'd111111abcdef8.cloudfront.net',
          } as any,
        ],
      },
    });
    const provider = new AwsWafProvider(awsOps(), { queryTimeoutMs: 1000 });
    const cdn: WafLogLocation = {
      ...location,
      region: 'us-east-1',
      scope: 'CLOUDFRONT',
      webAcl: 'inbestment-cloudfront',
      logGroup: 'aws-waf-logs-inbestment-cloudfront',
    };
    await expect(provider.listWebAclResources(cdn, CDN_ARN)).resolves.toEqual([
      'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL',
    ]);
    expect(
      cloudfront
        .commandCalls(ListDistributionsByWebACLIdCommand)
        .map(call => call.args[0].input),
    ).toEqual([{ WebACLId: CDN_ARN, MaxItems: 1 }]);
    expect(waf.calls()).toHaveLength(0);

    cloudfront.reset();
    cloudfront.on(ListDistributionsByWebACLIdCommand).resolves({
      $metadata: {},
      DistributionList: {
        Marker: '',
        MaxItems: 1,
        IsTruncated: false,
        Quantity: 0,
      },
    });
    await expect(provider.listWebAclResources(cdn, CDN_ARN)).resolves.toEqual(
      [],
    );
  });
});
