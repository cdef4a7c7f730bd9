import { wafLogLine } from '../testUtils';
import { parseWafLogLine, redactQuery, sanitizeHeaders } from './wafLogRecord';

describe('parseWafLogLine', () => {
  it('reads the deciding rule inside a managed rule group and the count-mode matches', () => {
    const record = parseWafLogLine(
      wafLogLine({
        timestamp: 1_700_000_000_000,
        action: 'BLOCK',
        rule: 'AWS-AWSManagedRulesSQLiRuleSet',
        ruleGroup: {
          id: 'AWS#AWSManagedRulesSQLiRuleSet',
          ruleId: 'SQLi_QUERYARGUMENTS',
        },
        counted: ['LoginVelocityWatch'],
        method: 'POST',
        uri: '/api/search/products',
        args: "q=1'--&api_key=abc123&page=2",
        host: 'API.inbestment.shop',
      }),
    );
    expect(record).toMatchObject({
      time: 1_700_000_000_000,
      action: 'BLOCK',
      ruleId: 'SQLi_QUERYARGUMENTS',
      ruleGroup: 'AWS-AWSManagedRulesSQLiRuleSet',
      countedBy: ['LoginVelocityWatch'],
      method: 'POST',
      host: 'api.inbestment.shop',
      args: "q=1'--&api_key=REDACTED&page=2",
    });
  });

  it('keeps headers only of blocked requests', () => {
    const allowed = parseWafLogLine(
      wafLogLine({ timestamp: 1, uri: '/', headers: [] }),
    );
    expect(allowed?.headers).toBeUndefined();
    expect(allowed?.ruleId).toBe('Default_Action');
  });

  it.each([
    ['not JSON', '{"timestamp":17000'],
    ['a JSON value that is no record', '"hello"'],
    [
      'a record without httpRequest',
      '{"timestamp":1,"action":"ALLOW","terminatingRuleId":"x"}',
    ],
    [
      'an unknown action',
      wafLogLine({ timestamp: 1, uri: '/' }).replace('"ALLOW"', '"DROP"'),
    ],
  ])('rejects %s', (_, line) => {
    expect(parseWafLogLine(line)).toBeUndefined();
  });
});

describe('sanitizeHeaders', () => {
  it('returns allowlisted headers only, URL headers without query', () => {
    expect(
      sanitizeHeaders([
        { name: 'Host', value: 'api.inbestment.shop' },
        { name: 'Cookie', value: 'session=s3cr3t' },
        { name: 'Authorization', value: 'Bearer s3cr3t' },
        { name: 'Proxy-Authorization', value: 'Basic s3cr3t' },
        { name: 'X-Api-Key', value: 's3cr3t' },
        { name: 'X-Amz-Security-Token', value: 's3cr3t' },
        { name: 'X-Custom-Auth', value: 's3cr3t' },
        {
          name: 'Referer',
          value: 'https://www.inbestment.shop/cb?code=s3cr3t#t=1',
        },
        { name: 'User-Agent', value: 'curl/8.5.0' },
        { name: 'broken' },
      ]),
    ).toEqual([
      { name: 'host', value: 'api.inbestment.shop' },
      { name: 'referer', value: 'https://www.inbestment.shop/cb' },
      { name: 'user-agent', value: 'curl/8.5.0' },
    ]);
  });

  it('redacts credential-like query parameters', () => {
    expect(redactQuery('token=a&q=shoes&X-Amz-Signature=b&flag')).toBe(
      'token=REDACTED&q=shoes&X-Amz-Signature=REDACTED&flag',
    );
  });
});

describe('parseWafLogLine: the terminating rule', () => {
  /** A rate-based rule blocked; a managed group before it only counted (override). */
  const rateBlockedAfterOverriddenGroup = {
    timestamp: 1_764_000_000_000,
    formatVersion: 1,
    webaclId:
      'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/inbestment-alb/4f1c2a6e',
    terminatingRuleId: 'RateLimitLogin',
    terminatingRuleType: 'RATE_BASED',
    action: 'BLOCK',
    terminatingRuleMatchDetails: [],
    httpSourceName: 'ALB',
    httpSourceId: '111122223333-app/inbestment-alb/50dc6c495c0c9188',
    ruleGroupList: [
      {
        ruleGroupId: 'AWS#AWSManagedRulesBotControlRuleSet',
        terminatingRule: {
          ruleId: 'CategoryHttpLibrary',
          action: 'COUNT',
          ruleMatchDetails: null,
        },
        nonTerminatingMatchingRules: [],
        excludedRules: null,
        customerConfig: null,
      },
    ],
    rateBasedRuleList: [
      {
        rateBasedRuleId: 'x',
        rateBasedRuleName: 'RateLimitLogin',
        limitKey: 'IP',
        maxRateAllowed: 100,
        evaluationWindowSec: '300',
      },
    ],
    nonTerminatingMatchingRules: [],
    httpRequest: {
      clientIp: '185.220.101.34',
      country: 'DE',
      headers: [{ name: 'Host', value: 'api.inbestment.shop' }],
      uri: '/api/identity/login',
      args: '',
      httpVersion: 'HTTP/2.0',
      httpMethod: 'POST',
      requestId: '1-67a1-abc',
    },
    labels: [
      {
        name: 'awswaf:111122223333:webacl:inbestment-alb:inbestment:component:identity-service',
      },
      { name: 'awswaf:managed:aws:bot-control:bot:category:http_library' },
    ],
  };

  it('credits the web ACL rule when no group terminated, even if a group lists a terminatingRule', () => {
    const record = parseWafLogLine(
      JSON.stringify(rateBlockedAfterOverriddenGroup),
    );
    expect(record).toMatchObject({ ruleId: 'RateLimitLogin', action: 'BLOCK' });
    expect(record?.ruleGroup).toBeUndefined();
    expect(record?.labels).toContain(
      'awswaf:111122223333:webacl:inbestment-alb:inbestment:component:identity-service',
    );
  });

  it('credits the group rule whose action is the request action when a group terminated', () => {
    const record = parseWafLogLine(
      JSON.stringify({
        ...rateBlockedAfterOverriddenGroup,
        terminatingRuleId: 'AWS-AWSManagedRulesSQLiRuleSet',
        terminatingRuleType: 'MANAGED_RULE_GROUP',
        ruleGroupList: [
          ...rateBlockedAfterOverriddenGroup.ruleGroupList,
          {
            ruleGroupId: 'AWS#AWSManagedRulesSQLiRuleSet',
            terminatingRule: {
              ruleId: 'SQLi_QUERYARGUMENTS',
              action: 'BLOCK',
              ruleMatchDetails: null,
            },
            nonTerminatingMatchingRules: [],
            excludedRules: null,
          },
        ],
      }),
    );
    expect(record).toMatchObject({
      ruleId: 'SQLi_QUERYARGUMENTS',
      ruleGroup: 'AWS-AWSManagedRulesSQLiRuleSet',
    });
  });
});
