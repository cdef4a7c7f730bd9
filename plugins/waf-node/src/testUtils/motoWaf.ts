import {
  CloudWatchClient,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateRuleGroupCommand,
  CreateWebACLCommand,
  PutLoggingConfigurationCommand,
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
  /** The web ACL's other rules (CreateWebACL `Rules` entries); a rate rule and the SQLi group when absent. */
  rules?: object[];
  /** The component label's name before the component (`inbestment:component:`). */
  componentLabelPrefix?: string;
}) {
  const waf = wafClientFor(options.endpoint, options.region);
  const prefix = options.componentLabelPrefix ?? 'inbestment:component:';
  const groupPrefix = prefix.replace(/:/g, '-');
  const rules: object[] = [];
  let priority = 0;
  for (const c of options.inlineComponents ?? []) {
    rules.push({
      Name: `component-${c.name}`,
      Priority: priority++,
      Statement: componentStatement(c.host, c.pathPrefix),
      Action: { Count: {} },
      RuleLabels: [{ Name: `${prefix}${c.name}` }],
      VisibilityConfig: visibility(`component-${c.name}`),
    });
  }
  for (const c of options.groupComponents ?? []) {
    const group = await waf.send(
      new CreateRuleGroupCommand({
        Name: `${groupPrefix}${c.name}`,
        Scope: options.scope,
        Capacity: 10,
        VisibilityConfig: visibility(`${groupPrefix}${c.name}`),
        Rules: [
          {
            Name: 'label',
            Priority: 0,
            Statement: componentStatement(c.host, c.pathPrefix),
            Action: { Count: {} },
            RuleLabels: [{ Name: `${prefix}${c.name}` }],
            VisibilityConfig: visibility(`${groupPrefix}${c.name}-label`),
          },
        ],
      } as any),
    );
    rules.push({
      Name: `${groupPrefix}${c.name}`,
      Priority: priority++,
      Statement: { RuleGroupReferenceStatement: { ARN: group.Summary!.ARN } },
      OverrideAction: { None: {} },
      VisibilityConfig: visibility(`${groupPrefix}${c.name}`),
    });
  }
  rules.push(
    ...(options.rules ?? [
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
    ]),
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
  // AWS takes up to 1,000 metrics per call; moto 5.2 answers 500 to much
  // larger batches than 20 of these. Eight calls at a time.
  const batches: Array<typeof data> = [];
  for (let i = 0; i < data.length; i += 20) batches.push(data.slice(i, i + 20));
  const send = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/WAFV2',
          MetricData: batch.map(d => ({
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
  };
  await Promise.all(Array.from({ length: 8 }, send));
  cloudwatch.destroy();
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
  // PutLogEvents takes up to 10,000 events and 1 MB per call.
  for (let i = 0; i < events.length; i += 500) {
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: 's0',
        logEvents: events.slice(i, i + 500),
      }),
    );
  }
  return events.length;
}

/** The web ACL's logging configuration: to the log group, blocked requests only (a logging filter). */
export async function putBlockedOnlyLogging(
  endpoint: string,
  region: string,
  logGroup: string,
  webAclArn: string,
) {
  const logs = new CloudWatchLogsClient({ region, endpoint, credentials });
  const groups = await logs.send(
    new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }),
  );
  logs.destroy();
  const groupArn = groups.logGroups
    ?.find(g => g.logGroupName === logGroup)
    ?.arn?.replace(/:\*$/, '');
  if (!groupArn) return;
  const waf = wafClientFor(endpoint, region);
  await waf.send(
    new PutLoggingConfigurationCommand({
      LoggingConfiguration: {
        ResourceArn: webAclArn,
        LogDestinationConfigs: [groupArn],
        LoggingFilter: {
          DefaultBehavior: 'DROP',
          Filters: [
            {
              Behavior: 'KEEP',
              Requirement: 'MEETS_ANY',
              Conditions: [{ ActionCondition: { Action: 'BLOCK' } }],
            },
          ],
        },
      },
    }),
  );
  waf.destroy();
}

/** A web ACL rule using an AWS managed rule group (`OverrideAction: Count` when `countOnly`). */
export function managedRuleGroupRule(
  name: string,
  priority: number,
  options: { countOnly?: boolean } = {},
) {
  return {
    Name: `AWS-${name}`,
    Priority: priority,
    Statement: {
      ManagedRuleGroupStatement: { VendorName: 'AWS', Name: name },
    },
    OverrideAction: options.countOnly ? { Count: {} } : { None: {} },
    VisibilityConfig: visibility(`aws-${name}`),
  };
}
