import {
  createStoreWebAcl,
  putBlockedOnlyLogging,
  putWafLogLines,
  putWafMetrics,
} from '@internal/backstage-plugin-waf-node/testUtils';
import { Scenario } from '../scenario';
import { wafLogRecordLine } from './logRecord';
import { WafScenarioTraffic } from './traffic';

const MINUTE_MS = 60_000;
const SLOT_MS = 5 * MINUTE_MS;
const QUARTER_MS = 15 * MINUTE_MS;
const DAY_MS = 24 * 60 * MINUTE_MS;

const visibility = (MetricName: string) => ({
  SampledRequestsEnabled: true,
  CloudWatchMetricsEnabled: true,
  MetricName,
});

/** What a seeding wrote. */
export interface WafSeedResult {
  webAcls: Array<{ name: string; region: string; arn: string }>;
  metricPoints: number;
  logLines: number;
}

/**
 * Writes the scenario's `waf` section into an AWS emulator (moto) through the
 * real APIs: each web ACL with its rules and a label rule group per component
 * (CreateRuleGroup/CreateWebACL), the AWS/WAFV2 metrics WAF would have
 * published for the last 24 hours (PutMetricData, the real dimensions: 1-minute
 * points for the last `detailMinutes`, 5-minute sums for the 6 hours before
 * and 15-minute sums before that, except the label `BlockedRequests` that the
 * summaries and spikes read in 5-minute buckets over 24 hours: 5-minute sums
 * all day; so every bucket the service reads sums whole points), the blocked
 * requests' log lines of the last `logMinutes` (CloudWatch Logs) and the
 * logging configuration that keeps only blocked requests.
 */
export async function seedWafScenario(
  scenario: Scenario,
  options: {
    endpoint: string;
    /** The emulator's account: the label namespaces name it. */
    accountId?: string;
    /** Environments of `waf.environments` whose traffic goes into this account (summed). */
    environments?: string[];
    detailMinutes?: number;
    logMinutes?: number;
    /** Log group of a web ACL; `aws-waf-logs-<name>` by default. */
    logGroupOf?: (webAcl: string) => string;
  },
): Promise<WafSeedResult> {
  const traffic = new WafScenarioTraffic(scenario);
  const accountId = options.accountId ?? '123456789012';
  const environments =
    options.environments ?? Object.keys(traffic.section.environments);
  const now = scenario.clock.now();
  // 1-minute points from a 5-minute boundary; 15-minute ones between 15-minute
  // boundaries after the start of the summaries' 24 hours (a 5-minute one) and
  // before the 6-hour window's 5-minute buckets; 5-minute ones elsewhere.
  const detailFrom =
    Math.floor((now - (options.detailMinutes ?? 65) * MINUTE_MS) / SLOT_MS) *
    SLOT_MS;
  const quartersFrom =
    Math.ceil((now - DAY_MS + SLOT_MS) / QUARTER_MS) * QUARTER_MS;
  const slotsFrom =
    Math.floor((now - 6 * 60 * MINUTE_MS - SLOT_MS) / QUARTER_MS) * QUARTER_MS;
  const dayFrom =
    Math.floor((now - DAY_MS - 15 * MINUTE_MS) / SLOT_MS) * SLOT_MS;
  const result: WafSeedResult = { webAcls: [], metricPoints: 0, logLines: 0 };

  for (const acl of traffic.section.webAcls) {
    const components = traffic.componentsOf(acl.name);
    const created = await createStoreWebAcl({
      endpoint: options.endpoint,
      region: acl.region,
      name: acl.name,
      scope: acl.scope,
      metricName: acl.metricName,
      componentLabelPrefix: traffic.componentLabelPrefix,
      groupComponents: components.map(c => ({
        name: c.name,
        host: c.host,
        pathPrefix: c.pathPrefix,
      })),
      rules: acl.rules.map((rule, index) => ({
        Name: rule.name,
        Priority: 100 + index,
        ...(rule.managedRuleGroup
          ? {
              Statement: {
                ManagedRuleGroupStatement: {
                  VendorName: 'AWS',
                  Name: rule.managedRuleGroup,
                },
              },
              OverrideAction: { None: {} },
            }
          : {
              Statement: {
                RateBasedStatement: {
                  Limit: rule.rateLimit,
                  AggregateKeyType: 'IP',
                },
              },
              Action: { [rule.action ?? 'Block']: {} },
            }),
        VisibilityConfig: visibility(rule.metricName),
      })),
    });
    const arn = created.Summary!.ARN!;
    result.webAcls.push({ name: acl.name, region: acl.region, arn });

    // Metrics: per component label, the whole web ACL (Rule=ALL) and each rule.
    const base = {
      WebACL: acl.metricName,
      ...(acl.scope === 'REGIONAL' ? { Region: acl.region } : {}),
    };
    const points = new Map<
      string,
      {
        metricName: string;
        dimensions: Record<string, string>;
        time: number;
        value: number;
      }
    >();
    const add = (
      metricName: string,
      dimensions: Record<string, string>,
      time: number,
      value: number,
      /** Never coarser than 5 minutes: read at 5 minutes over 24 hours. */
      slots = false,
    ) => {
      if (!value) return;
      let at = time;
      if (!slots && time >= quartersFrom && time < slotsFrom) {
        at = Math.floor(time / QUARTER_MS) * QUARTER_MS;
      } else if (time < detailFrom) at = Math.floor(time / SLOT_MS) * SLOT_MS;
      const key = `${metricName}:${JSON.stringify(dimensions)}:${at}`;
      const point = points.get(key);
      if (point) point.value += value;
      else points.set(key, { metricName, dimensions, time: at, value });
    };
    const ruleMetric = new Map(acl.rules.map(r => [r.name, r.metricName]));
    for (const { time, components: counts } of traffic.minutes(
      acl.name,
      environments,
      dayFrom,
      now,
      now,
    )) {
      for (const [name, c] of counts) {
        const label = {
          ...base,
          LabelNamespace: traffic.labelNamespace(accountId, name),
          Label: name,
        };
        add('AllowedRequests', label, time, c.allowed);
        add('AllowedRequests', { ...base, Rule: 'ALL' }, time, c.allowed);
        for (const [rule, n] of c.blocked) {
          // The summaries' and spikes' 5-minute buckets over 24 hours.
          add('BlockedRequests', label, time, n, true);
          add('BlockedRequests', { ...base, Rule: 'ALL' }, time, n);
          add(
            'BlockedRequests',
            { ...base, Rule: ruleMetric.get(rule) ?? rule },
            time,
            n,
          );
        }
      }
    }
    await putWafMetrics(options.endpoint, acl.region, [...points.values()]);
    result.metricPoints += points.size;

    // Log lines of the blocked requests, and the logging configuration that keeps only those.
    const logGroup =
      options.logGroupOf?.(acl.name) ?? `aws-waf-logs-${acl.name}`;
    const lines = traffic
      .blockedRequests(
        acl.name,
        environments,
        now - (options.logMinutes ?? 60) * MINUTE_MS,
        now,
        now,
      )
      .map(request =>
        wafLogRecordLine(request, {
          arn,
          scope: acl.scope,
          accountId,
          label: `${traffic.labelNamespace(accountId, request.component)}:${
            request.component
          }`,
        }),
      );
    result.logLines += await putWafLogLines(
      options.endpoint,
      acl.region,
      logGroup,
      lines,
      now,
    );
    await putBlockedOnlyLogging(options.endpoint, acl.region, logGroup, arn);
  }
  return result;
}
