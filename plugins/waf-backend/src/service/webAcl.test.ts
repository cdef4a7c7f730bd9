import { WafLogLocation } from '@internal/backstage-plugin-waf-node';
import { readWebAclInfo } from './webAcl';

const location: WafLogLocation = {
  environment: 'prod',
  accountId: '111122223333',
  region: 'eu-west-1',
  webAcl: 'inbestment-alb',
  scope: 'REGIONAL',
  logGroup: 'aws-waf-logs-inbestment-alb',
};

describe('readWebAclInfo', () => {
  /** A GetWebACL answer of the shape AWS returns (ids shortened). */
  const webAcl = {
    Name: 'inbestment-alb',
    Id: '4f1c2a6e-7b3d-4e0a-9c1f-0a1b2c3d4e5f',
    ARN: 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/inbestment-alb/4f1c2a6e-7b3d-4e0a-9c1f-0a1b2c3d4e5f',
    DefaultAction: { Allow: {} },
    Capacity: 1207,
    ManagedByFirewallManager: false,
    LabelNamespace: 'awswaf:111122223333:webacl:inbestment-alb:',
    VisibilityConfig: {
      SampledRequestsEnabled: true,
      CloudWatchMetricsEnabled: true,
      MetricName: 'inbestment-alb',
    },
    Rules: [
      {
        Name: 'inbestment-component-checkout-service',
        Priority: 1,
        Statement: {
          RuleGroupReferenceStatement: {
            ARN: 'arn:aws:wafv2:eu-west-1:111122223333:regional/rulegroup/inbestment-component-checkout-service/9b8c7d6e-1111-2222-3333-444455556666',
          },
        },
        OverrideAction: { None: {} },
        VisibilityConfig: {
          SampledRequestsEnabled: false,
          CloudWatchMetricsEnabled: true,
          MetricName: 'inbestment-component-checkout-service',
        },
      },
      {
        Name: 'component-identity-service',
        Priority: 2,
        Statement: { ByteMatchStatement: {} },
        Action: { Count: {} },
        RuleLabels: [{ Name: 'inbestment:component:identity-service' }],
        VisibilityConfig: {
          SampledRequestsEnabled: false,
          CloudWatchMetricsEnabled: true,
          MetricName: 'component-identity-service',
        },
      },
      {
        Name: 'RateLimitLogin',
        Priority: 10,
        Statement: {
          RateBasedStatement: {
            Limit: 100,
            AggregateKeyType: 'IP',
            EvaluationWindowSec: 300,
          },
        },
        Action: { Block: {} },
        VisibilityConfig: {
          SampledRequestsEnabled: true,
          CloudWatchMetricsEnabled: true,
          MetricName: 'RateLimitLoginMetric',
        },
      },
      {
        Name: 'AWS-AWSManagedRulesBotControlRuleSet',
        Priority: 20,
        Statement: {
          ManagedRuleGroupStatement: {
            VendorName: 'AWS',
            Name: 'AWSManagedRulesBotControlRuleSet',
          },
        },
        OverrideAction: { Count: {} },
        VisibilityConfig: {
          SampledRequestsEnabled: true,
          CloudWatchMetricsEnabled: true,
          MetricName: 'AWS-AWSManagedRulesBotControlRuleSet',
        },
      },
    ],
  };

  it('reads metric names, kinds and both forms of the component label rule', () => {
    expect(readWebAclInfo(webAcl, location, 'inbestment:component:')).toEqual({
      arn: webAcl.ARN,
      metricName: 'inbestment-alb',
      labelNamespace: 'awswaf:111122223333:webacl:inbestment-alb:',
      rules: [
        {
          name: 'RateLimitLogin',
          metricName: 'RateLimitLoginMetric',
          kind: 'BLOCK',
          ruleGroup: undefined,
        },
        {
          name: 'AWS-AWSManagedRulesBotControlRuleSet',
          metricName: 'AWS-AWSManagedRulesBotControlRuleSet',
          kind: 'GROUP_COUNT',
          ruleGroup: 'AWS#AWSManagedRulesBotControlRuleSet',
        },
      ],
      componentLabels: {
        'checkout-service':
          'awswaf:111122223333:rulegroup:inbestment-component-checkout-service:inbestment:component',
        'identity-service':
          'awswaf:111122223333:webacl:inbestment-alb:inbestment:component',
      },
    });
  });
});
