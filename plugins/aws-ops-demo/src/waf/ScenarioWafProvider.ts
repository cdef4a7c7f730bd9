import {
  WafLogLocation,
  WafLogQueryResult,
  WafMetricSeries,
  WafProvider,
  WafWebAclDescription,
} from '@internal/backstage-plugin-waf-node';
import { Scenario } from '../scenario';
import { wafLogRecordLine } from './logRecord';
import { WafScenarioTraffic } from './traffic';

/** The id part of the scenario's ARNs (AWS generates one per resource). */
const ARN_ID = '4f1c2a6e-7b3d-4e0a-9c1f-5e8d3b2a1c0f';

/** What AWS answers for a web ACL that does not exist there. */
function nonexistent(location: WafLogLocation): Error {
  return Object.assign(
    new Error(
      `AWS WAF couldn’t perform the operation because your resource doesn’t exist: web ACL ${location.webAcl} in ${location.accountId}/${location.region}`,
    ),
    { name: 'WAFNonexistentItemException' },
  );
}

/**
 * The scenario's `waf` section answered through the AWS calls the WAF
 * service makes (GetWebACL, the web ACL's associations, GetMetricData with the AWS/WAFV2 dimensions, the
 * blocked-requests Logs Insights query), for the location's environment.
 */
export class ScenarioWafProvider implements WafProvider {
  readonly source = 'demo' as const;
  private readonly traffic: WafScenarioTraffic;

  constructor(private readonly scenario: Scenario) {
    this.traffic = new WafScenarioTraffic(scenario);
  }

  private aclAt(location: WafLogLocation) {
    const acl = this.traffic.webAcl(location.webAcl);
    if (
      !acl ||
      acl.region !== location.region ||
      acl.scope !== location.scope
    ) {
      throw nonexistent(location);
    }
    return acl;
  }

  private arnOf(location: WafLogLocation, kind: string, name: string) {
    return `arn:aws:wafv2:${location.region}:${location.accountId}:${
      location.scope === 'CLOUDFRONT' ? 'global' : 'regional'
    }/${kind}/${name}/${ARN_ID}`;
  }

  async getWebAcl(location: WafLogLocation): Promise<WafWebAclDescription> {
    const acl = this.aclAt(location);
    const visibility = (MetricName: string) => ({ MetricName });
    return {
      Name: acl.name,
      ARN: this.arnOf(location, 'webacl', acl.name),
      LabelNamespace: `awswaf:${location.accountId}:webacl:${acl.name}:`,
      VisibilityConfig: visibility(acl.metricName),
      Rules: [
        // Each component's label rule group first, so every request is labelled.
        ...this.traffic.componentsOf(acl.name).map((component, index) => {
          const group = this.traffic.labelRuleGroupName(component.name);
          return {
            Name: group,
            Priority: index,
            OverrideAction: { None: {} },
            Statement: {
              RuleGroupReferenceStatement: {
                ARN: this.arnOf(location, 'rulegroup', group),
              },
            },
            VisibilityConfig: visibility(group),
          };
        }),
        ...acl.rules.map((rule, index) => ({
          Name: rule.name,
          Priority: 100 + index,
          ...(rule.managedRuleGroup
            ? {
                OverrideAction: { None: {} },
                Statement: {
                  ManagedRuleGroupStatement: {
                    VendorName: 'AWS',
                    Name: rule.managedRuleGroup,
                  },
                },
              }
            : {
                Action: { [rule.action ?? 'Block']: {} },
                Statement: {
                  RateBasedStatement: {
                    Limit: rule.rateLimit,
                    AggregateKeyType: 'IP',
                  },
                },
              }),
          VisibilityConfig: visibility(rule.metricName),
        })),
      ],
    };
  }

  async listWebAclResources(
    location: WafLogLocation,
    webAclArn: string,
  ): Promise<string[]> {
    const acl = this.aclAt(location);
    if (webAclArn !== this.arnOf(location, 'webacl', acl.name)) {
      throw nonexistent(location);
    }
    return acl.associatedResources.map(arn =>
      arn
        .split('{account}')
        .join(location.accountId)
        .split('{region}')
        .join(location.region),
    );
  }

  async getMetricData(
    location: WafLogLocation,
    request: Parameters<WafProvider['getMetricData']>[1],
  ): Promise<WafMetricSeries[]> {
    const acl = this.aclAt(location);
    const periodMs = request.periodSeconds * 1000;
    const region = location.scope === 'REGIONAL' ? location.region : undefined;
    const ruleOf = new Map(acl.rules.map(r => [r.metricName, r.name]));
    const sums = request.queries.map(() => new Map<number, number>());
    for (const { time, components } of this.traffic.minutes(
      acl.name,
      [location.environment],
      request.startMs,
      request.endMs,
      this.scenario.clock.now(),
    )) {
      const period =
        request.startMs +
        Math.floor((time - request.startMs) / periodMs) * periodMs;
      request.queries.forEach((query, index) => {
        const d = query.dimensions;
        if (d.WebACL !== acl.metricName || d.Region !== region) return;
        let value = 0;
        const counts = [...components].filter(
          ([name]) =>
            d.LabelNamespace === undefined ||
            (d.Label === name &&
              d.LabelNamespace ===
                this.traffic.labelNamespace(location.accountId, name)),
        );
        for (const [, c] of counts) {
          if (query.metricName === 'AllowedRequests') {
            if (d.Rule === undefined || d.Rule === 'ALL') value += c.allowed;
          } else if (query.metricName === 'BlockedRequests') {
            for (const [rule, n] of c.blocked) {
              if (
                d.Rule === undefined ||
                d.Rule === 'ALL' ||
                ruleOf.get(d.Rule) === rule
              ) {
                value += n;
              }
            }
          }
        }
        if (value)
          sums[index].set(period, (sums[index].get(period) ?? 0) + value);
      });
    }
    return request.queries.map((query, index) => {
      const points = [...sums[index]].sort((a, b) => a[0] - b[0]);
      return {
        id: query.id,
        timestamps: points.map(p => p[0]),
        values: points.map(p => p[1]),
      };
    });
  }

  async queryLogs(
    location: WafLogLocation,
    request: Parameters<WafProvider['queryLogs']>[1],
  ): Promise<WafLogQueryResult> {
    // The log group holds blocked requests only (the web ACL's logging
    // filter), so the service's query is: newest first, `limit` rows.
    const acl = this.aclAt(location);
    const arn = this.arnOf(location, 'webacl', acl.name);
    const requests = this.traffic
      .blockedRequests(
        acl.name,
        [location.environment],
        request.startMs,
        request.endMs,
        this.scenario.clock.now(),
      )
      .reverse();
    const lines = requests.map(r => ({
      time: r.time,
      line: wafLogRecordLine(r, {
        arn,
        scope: acl.scope,
        accountId: location.accountId,
        label: `${this.traffic.labelNamespace(
          location.accountId,
          r.component,
        )}:${r.component}`,
      }),
    }));
    return {
      status: 'Complete',
      rows: lines.slice(0, request.limit).map(({ time, line }) => ({
        '@timestamp': new Date(time)
          .toISOString()
          .replace('T', ' ')
          .replace('Z', ''),
        '@message': line,
      })),
      statistics: {
        recordsMatched: lines.length,
        recordsScanned: lines.length,
        bytesScanned: lines.reduce((n, l) => n + l.line.length, 0),
      },
    };
  }
}
