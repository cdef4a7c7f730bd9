/** Options of one WAF log record written by tests. */
export interface WafLogLineOptions {
  timestamp: number;
  action?: 'ALLOW' | 'BLOCK' | 'CAPTCHA';
  /** Web ACL rule; `Default_Action` when allowed by default. */
  rule?: string;
  /** Rule group and rule inside it that terminated the request. */
  ruleGroup?: { id: string; ruleId: string };
  /** Rules that matched in count mode. */
  counted?: string[];
  clientIp?: string;
  country?: string;
  method?: string;
  host?: string;
  uri: string;
  args?: string;
  headers?: Array<{ name: string; value: string }>;
  webAclArn?: string;
  /** Fully qualified labels of the request. */
  labels?: string[];
}

function ruleTypeOf(options: WafLogLineOptions) {
  if (options.ruleGroup) return 'MANAGED_RULE_GROUP';
  return options.rule?.startsWith('RateLimit') ? 'RATE_BASED' : 'REGULAR';
}

/** A line in the JSON format AWS WAF delivers to `aws-waf-logs-*` log groups. */
export function wafLogLine(options: WafLogLineOptions): string {
  const action = options.action ?? 'ALLOW';
  const host = options.host ?? 'api.inbestment.shop';
  return JSON.stringify({
    timestamp: options.timestamp,
    formatVersion: 1,
    webaclId:
      options.webAclArn ??
      'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/inbestment-alb/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    terminatingRuleId: options.rule ?? 'Default_Action',
    terminatingRuleType: ruleTypeOf(options),
    action,
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: '123456789012-app/inbestment-alb/50dc6c495c0c9188',
    ruleGroupList: options.ruleGroup
      ? [
          {
            ruleGroupId: options.ruleGroup.id,
            terminatingRule: {
              ruleId: options.ruleGroup.ruleId,
              action,
              ruleMatchDetails: null,
            },
            nonTerminatingMatchingRules: [],
            excludedRules: null,
          },
        ]
      : [],
    rateBasedRuleList: [],
    nonTerminatingMatchingRules: (options.counted ?? []).map(ruleId => ({
      ruleId,
      action: 'COUNT',
      ruleMatchDetails: [],
    })),
    requestHeadersInserted: null,
    responseCodeSent: null,
    httpRequest: {
      clientIp: options.clientIp ?? '81.2.69.142',
      country: options.country ?? 'GB',
      headers: [{ name: 'Host', value: host }, ...(options.headers ?? [])],
      uri: options.uri,
      args: options.args ?? '',
      httpVersion: 'HTTP/1.1',
      httpMethod: options.method ?? 'GET',
      requestId: `rid-${options.timestamp}`,
    },
    labels: (options.labels ?? []).map(name => ({ name })),
  });
}
