import {
  CloudWatchClient,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateRuleGroupCommand,
  CreateWebACLCommand,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A WAFV2 client on an emulator endpoint (moto). */
export function wafClientFor(endpoint: string, region: string) {
  return new WAFV2Client({ region, endpoint, credentials });
}

const visibility = (MetricName: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName,
});

/** A byte match on the Host header and a starts-with on the URI path: the component label rule's statement. */
export function componentStatement(
  host: string | undefined,
  pathPrefix: string,
) {
  const path = {
    ByteMatchStatement: {
      SearchString: pathPrefix,
      FieldToMatch: { UriPath: {} },
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
      PositionalConstraint: 'STARTS_WITH',
    },
  };
  if (!host) return path;
  return {
    AndStatement: {
      Statements: [
        {
          ByteMatchStatement: {
            SearchString: host,
            FieldToMatch: { SingleHeader: { Name: 'host' } },
            TextTransformations: [{ Priority: 0, Type: 'LOWERCASE' }],
            PositionalConstraint: 'EXACTLY',
          },
        },
        path,
      ],
    },
  };
}

/**
 * Creates a web ACL as the store's platform stack has it, with the
 * component label rules (inline ones and rule-group references as
 * templates/shared/terraform adds them), a rate rule and a managed group,
 * each with a metric name that is not its rule name.
 */
export async function createStoreWebAcl(options: {
  endpoint: string;
  region: string;
  name: string;
  scope: 'REGIONAL' | 'CLOUDFRONT';
  metricName: string;
  /** Inline label rules: component name, host, path prefix. */
  inlineComponents?: Array<{ name: string; host?: string; pathPrefix: string }>;
  /** Label rules in a per-component rule group referenced by the web ACL. */
  groupComponents?: Array<{ name: string; host?: string; pathPrefix: string }>;
}) {
  const waf = wafClientFor(options.endpoint, options.region);
  const rules: object[] = [];
  let priority = 0;
  for (const c of options.inlineComponents ?? []) {
    rules.push({
      Name: `component-${c.name}`,
      Priority: priority++,
      Statement: componentStatement(c.host, c.pathPrefix),
      Action: { Count: {} },
      RuleLabels: [{ Name: `inbestment:component:${c.name}` }],
      VisibilityConfig: visibility(`component-${c.name}`),
    });
  }
  for (const c of options.groupComponents ?? []) {
    const group = await waf.send(
      new CreateRuleGroupCommand({
        Name: `inbestment-component-${c.name}`,
        Scope: options.scope,
        Capacity: 10,
        VisibilityConfig: visibility(`inbestment-component-${c.name}`),
        Rules: [
          {
            Name: 'label',
            Priority: 0,
            Statement: componentStatement(c.host, c.pathPrefix),
            Action: { Count: {} },
            RuleLabels: [{ Name: `inbestment:component:${c.name}` }],
            VisibilityConfig: visibility(
              `inbestment-component-${c.name}-label`,
            ),
          },
        ],
      } as any),
    );
    rules.push({
      Name: `inbestment-component-${c.name}`,
      Priority: priority++,
      Statement: { RuleGroupReferenceStatement: { ARN: group.Summary!.ARN } },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility(`inbestment-component-${c.name}`),
    });
  }
  rules.push(
    {
      Name: 'RateLimitLogin',
      Priority: 100,
      Statement: {
        RateBasedStatement: { Limit: 100, AggregateKeyType: 'IP' },
      },
      Action: { Block: {} },
      VisibilityConfig: visibility('rate-limit-login'),
    },
    {
      Name: 'AWS-AWSManagedRulesSQLiRuleSet',
      Priority: 110,
      Statement: {
        ManagedRuleGroupStatement: {
          VendorName: 'AWS',
          Name: 'AWSManagedRulesSQLiRuleSet',
        },
      },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility('aws-sqli'),
    },
  );
  return waf.send(
    new CreateWebACLCommand({
      Name: options.name,
      Scope: options.scope,
      DefaultAction: { Allow: {} },
      VisibilityConfig: visibility(options.metricName),
      Rules: rules,
    } as any),
  );
}

/** PutMetricData into AWS/WAFV2 with the dimensions AWS WAF publishes. */
export async function putWafMetrics(
  endpoint: string,
  region: string,
  data: Array<{
    metricName: string;
    dimensions: Record<string, string>;
    time: number;
    value: number;
  }>,
) {
  const cloudwatch = new CloudWatchClient({ region, endpoint, credentials });
  for (let i = 0; i < data.length; i += 20) {
    await cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/WAFV2',
        MetricData: data.slice(i, i + 20).map(d => ({
          MetricName: d.metricName,
          Dimensions: Object.entries(d.dimensions).map(([Name, Value]) => ({
            Name,
            Value,
          })),
          Timestamp: new Date(d.time),
          Value: d.value,
          Unit: 'Count',
        })),
      }),
    );
  }
}

/** Writes WAF log lines to a log group as the delivery does (event time = record time). */
export async function putWafLogLines(
  endpoint: string,
  region: string,
  group: string,
  lines: string[],
  fallbackTime: number,
) {
  const logs = new CloudWatchLogsClient({ region, endpoint, credentials });
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(
    new CreateLogStreamCommand({ logGroupName: group, logStreamName: 's0' }),
  );
  const events = lines
    .map(message => ({
      message,
      timestamp: Number(/"timestamp":(\d+)/.exec(message)?.[1] ?? fallbackTime),
    }))
    .sort((a, b) => a.timestamp - b.timestamp);
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: group,
      logStreamName: 's0',
      logEvents: events,
    }),
  );
  return events.length;
}
