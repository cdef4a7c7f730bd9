import { WafScenarioRequest } from './traffic';

/**
 * The JSON line AWS WAF delivers to an `aws-waf-logs-*` log group for a
 * blocked request of the scenario (the fields of the documented log format).
 * The request carries a session cookie, as real ones do: the plugin must never
 * return it.
 */
export function wafLogRecordLine(
  request: WafScenarioRequest,
  webAcl: {
    arn: string;
    scope: 'REGIONAL' | 'CLOUDFRONT';
    accountId: string;
    label: string;
  },
): string {
  return JSON.stringify({
    timestamp: request.time,
    formatVersion: 1,
    webaclId: webAcl.arn,
    terminatingRuleId: request.rule,
    terminatingRuleType: request.ruleType,
    action: 'BLOCK',
    terminatingRuleMatchDetails: [],
    httpSourceName: webAcl.scope === 'CLOUDFRONT' ? 'CF' : 'ALB',
    httpSourceId:
      webAcl.scope === 'CLOUDFRONT'
        ? 'E2QXDPUNY1EXAMPLE'
        : `${webAcl.accountId}-app/inbestment-alb/50dc6c495c0c9188`,
    ruleGroupList: request.ruleGroup
      ? [
          {
            ruleGroupId: request.ruleGroup,
            terminatingRule: {
              ruleId: request.ruleId,
              action: 'BLOCK',
              ruleMatchDetails: null,
            },
            nonTerminatingMatchingRules: [],
            excludedRules: null,
          },
        ]
      : [],
    rateBasedRuleList:
      request.ruleType === 'RATE_BASED'
        ? [
            {
              rateBasedRuleId: `${request.rule}-${webAcl.accountId}`,
              rateBasedRuleName: request.rule,
              limitKey: 'IP',
              maxRateAllowed: request.rateLimit,
              evaluationWindowSec: '300',
            },
          ]
        : [],
    nonTerminatingMatchingRules: [],
    requestHeadersInserted: null,
    responseCodeSent: null,
    httpRequest: {
      clientIp: request.clientIp,
      country: request.country,
      headers: [
        { name: 'Host', value: request.host },
        { name: 'User-Agent', value: request.userAgent },
        { name: 'Accept', value: 'application/json' },
        { name: 'Cookie', value: `session=${request.requestId}` },
      ],
      uri: request.uri,
      args: request.args,
      httpVersion: 'HTTP/2.0',
      httpMethod: request.method,
      requestId: request.requestId,
    },
    labels: [{ name: webAcl.label }],
  });
}
