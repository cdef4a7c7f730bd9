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
