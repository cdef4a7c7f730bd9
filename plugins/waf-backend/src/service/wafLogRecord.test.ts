import { matchesTraffic } from './DefaultWafEventsService';
import { parseWafLogLine, redactQuery, sanitizeHeaders } from './wafLogRecord';

/*
 * Hand-written WAF log records in the documented format of AWS WAF full logs
 * (docs.aws.amazon.com/waf/latest/developerguide/logging-fields.html and
 * logging-examples.html): written here, not produced by any code of the
 * plugin or of the demo, so the parser is checked against the format itself.
 */

/** A managed rule group blocked (SQL injection in the query), a custom rule counted it first. */
const SQLI_BLOCKED = `{
  "timestamp": 1700000000000,
  "formatVersion": 1,
  "webaclId": "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/inbestment-alb/4f1c2a6e-7b3d-4e0a-9c1f-0a1b2c3d4e5f",
  "terminatingRuleId": "AWS-AWSManagedRulesSQLiRuleSet",
  "terminatingRuleType": "MANAGED_RULE_GROUP",
  "action": "BLOCK",
  "terminatingRuleMatchDetails": [],
  "httpSourceName": "ALB",
  "httpSourceId": "111122223333-app/inbestment-alb/50dc6c495c0c9188",
  "ruleGroupList": [
    {
      "ruleGroupId": "AWS#AWSManagedRulesSQLiRuleSet",
      "terminatingRule": {
        "ruleId": "SQLi_QUERYARGUMENTS",
        "action": "BLOCK",
        "ruleMatchDetails": [
          { "conditionType": "SQL_INJECTION", "sensitivityLevel": "LOW", "location": "QUERY_STRING", "matchedData": ["1", "--"] }
        ]
      },
      "nonTerminatingMatchingRules": [],
      "excludedRules": null
    }
  ],
  "rateBasedRuleList": [],
  "nonTerminatingMatchingRules": [
    { "ruleId": "LoginVelocityWatch", "action": "COUNT", "ruleMatchDetails": [] }
  ],
  "requestHeadersInserted": null,
  "responseCodeSent": null,
  "httpRequest": {
    "clientIp": "193.32.162.99",
    "country": "RO",
    "headers": [
      { "name": "Host", "value": "API.inbestment.shop" },
      { "name": "User-Agent", "value": "sqlmap/1.8.11#stable" },
      { "name": "Cookie", "value": "session=do-not-show" }
    ],
    "uri": "/api/search/products",
    "args": "q=1'--&api_key=abc123&page=2",
    "httpVersion": "HTTP/2.0",
    "httpMethod": "POST",
    "requestId": "1-6553f100-2b3c4d5e6f7a8b9c0d1e2f3a"
  },
  "labels": [
    { "name": "awswaf:111122223333:rulegroup:inbestment-component-search-service:inbestment:component:search-service" },
    { "name": "awswaf:managed:aws:sql-database:SQLi_QueryArguments" }
  ]
}`;

/** Let through by the default action; no headers are kept of it. */
const ALLOWED_BY_DEFAULT = `{
  "timestamp": 1700000001000,
  "formatVersion": 1,
  "webaclId": "arn:aws:wafv2:us-east-1:111122223333:global/webacl/inbestment-cloudfront/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
  "terminatingRuleId": "Default_Action",
  "terminatingRuleType": "REGULAR",
  "action": "ALLOW",
  "terminatingRuleMatchDetails": [],
  "httpSourceName": "CF",
  "httpSourceId": "E2QXDPUNY1EXAMPLE",
  "ruleGroupList": [],
  "rateBasedRuleList": [],
  "nonTerminatingMatchingRules": [],
  "httpRequest": {
    "clientIp": "81.2.69.142",
    "country": "GB",
    "headers": [{ "name": "host", "value": "www.inbestment.shop" }],
    "uri": "/mfe/home/",
    "args": "",
    "httpVersion": "HTTP/2.0",
    "httpMethod": "GET",
    "requestId": "Xk1cXWCq9kq0SZpN7mVc4pQ=="
  },
  "labels": []
}`;

describe('parseWafLogLine', () => {
  it('reads the deciding rule inside a managed rule group and the count-mode matches', () => {
    const record = parseWafLogLine(SQLI_BLOCKED);
    expect(record).toEqual({
      time: 1_700_000_000_000,
      action: 'BLOCK',
      ruleId: 'SQLi_QUERYARGUMENTS',
      ruleGroup: 'AWS-AWSManagedRulesSQLiRuleSet',
      countedBy: ['LoginVelocityWatch'],
      labels: [
        'awswaf:111122223333:rulegroup:inbestment-component-search-service:inbestment:component:search-service',
        'awswaf:managed:aws:sql-database:SQLi_QueryArguments',
      ],
      clientIp: '193.32.162.99',
      country: 'RO',
      method: 'POST',
      uri: '/api/search/products',
      host: 'api.inbestment.shop',
      args: "q=1'--&api_key=REDACTED&page=2",
      requestId: '1-6553f100-2b3c4d5e6f7a8b9c0d1e2f3a',
      headers: [
        { name: 'host', value: 'API.inbestment.shop' },
        { name: 'user-agent', value: 'sqlmap/1.8.11#stable' },
      ],
    });
  });

  it('keeps headers only of blocked requests', () => {
    const allowed = parseWafLogLine(ALLOWED_BY_DEFAULT);
    expect(allowed?.headers).toBeUndefined();
    expect(allowed).toMatchObject({
      ruleId: 'Default_Action',
      action: 'ALLOW',
      host: 'www.inbestment.shop',
      args: undefined,
    });
  });

  it.each([
    ['not JSON', '{"timestamp":17000'],
    ['a JSON value that is no record', '"hello"'],
    [
      'a record without httpRequest',
      '{"timestamp":1,"action":"ALLOW","terminatingRuleId":"x"}',
    ],
    ['an unknown action', ALLOWED_BY_DEFAULT.replace('"ALLOW"', '"DROP"')],
    [
      'a record whose timestamp is not a number',
      ALLOWED_BY_DEFAULT.replace('1700000001000', '"1700000001000"'),
    ],
  ])('rejects %s', (_, line) => {
    expect(parseWafLogLine(line)).toBeUndefined();
  });
});

describe('matchesTraffic (components without a label rule)', () => {
  const record = (host: string, uri: string) => ({ host, uri });

  it('takes a path prefix without a slash as a path segment', () => {
    const filter = { host: 'api.inbestment.shop', pathPrefix: '/api/order' };
    expect(
      matchesTraffic(record('api.inbestment.shop', '/api/order'), filter),
    ).toBe(true);
    expect(
      matchesTraffic(record('api.inbestment.shop', '/api/order/17'), filter),
    ).toBe(true);
    expect(
      matchesTraffic(record('api.inbestment.shop', '/api/orders'), filter),
    ).toBe(false);
    expect(
      matchesTraffic(record('www.inbestment.shop', '/api/order/17'), filter),
    ).toBe(false);
  });

  it('takes a prefix ending in a slash as it is, and any host when the filter has none', () => {
    const filter = { pathPrefix: '/mfe/home/' };
    expect(
      matchesTraffic(record('www.inbestment.shop', '/mfe/home/'), filter),
    ).toBe(true);
    expect(
      matchesTraffic(record('cdn.example', '/mfe/home/x.js'), filter),
    ).toBe(true);
    expect(
      matchesTraffic(record('www.inbestment.shop', '/mfe/home'), filter),
    ).toBe(false);
  });

  it('filters the parsed records of a log sample', () => {
    const records = [SQLI_BLOCKED, ALLOWED_BY_DEFAULT].map(
      line => parseWafLogLine(line)!,
    );
    expect(
      records
        .filter(r =>
          matchesTraffic(
            { host: r.host, uri: r.uri },
            { host: 'api.inbestment.shop', pathPrefix: '/api/search/' },
          ),
        )
        .map(r => r.requestId),
    ).toEqual(['1-6553f100-2b3c4d5e6f7a8b9c0d1e2f3a']);
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
