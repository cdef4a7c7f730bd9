import { WafAction, WafHeader } from '@internal/backstage-plugin-waf-common';

/**
 * One WAF log record reduced to what the plugin shows, already sanitized.
 * Plain JSON, so a log group's read can be cached and shared.
 */
export interface WafLogRecord {
  /** Epoch milliseconds. */
  time: number;
  action: WafAction;
  /** The rule that decided: the rule inside a rule group, or the web ACL rule, or `Default_Action`. */
  ruleId: string;
  /** The web ACL rule that references the rule group `ruleId` belongs to. */
  ruleGroup?: string;
  /** Rules that matched in count mode. */
  countedBy: string[];
  /** Fully qualified WAF labels of the request. */
  labels: string[];
  clientIp: string;
  country: string;
  method: string;
  uri: string;
  args?: string;
  host?: string;
  requestId?: string;
  /** Kept only for terminated (blocked) requests, the only ones whose headers are shown. */
  headers?: WafHeader[];
}

const ACTIONS = new Set<WafAction>([
  'ALLOW',
  'BLOCK',
  'COUNT',
  'CAPTCHA',
  'CHALLENGE',
]);

/** `terminatingRuleType` values of a rule group reference that terminated. */
const GROUP_TYPES = new Set(['MANAGED_RULE_GROUP', 'GROUP']);

/** Requests WAF did not let through. */
export function isBlocked(action: WafAction): boolean {
  return action === 'BLOCK' || action === 'CAPTCHA' || action === 'CHALLENGE';
}

/**
 * Headers that carry no credentials and help to read a blocked request. An
 * allowlist: a header not named here (cookie, authorization, x-api-key, any
 * custom token header) is never returned.
 */
const SHOWN_HEADERS = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'cache-control',
  'content-length',
  'content-type',
  'host',
  'origin',
  'pragma',
  'referer',
  'user-agent',
  'via',
  'x-forwarded-for',
  'x-forwarded-port',
  'x-forwarded-proto',
  'x-amzn-trace-id',
  'x-request-id',
  'sec-ch-ua',
  'sec-ch-ua-mobile',
  'sec-ch-ua-platform',
  'sec-fetch-dest',
  'sec-fetch-mode',
  'sec-fetch-site',
  'sec-fetch-user',
  'upgrade-insecure-requests',
  'dnt',
]);

/** Headers whose value is a URL that may carry tokens in its query or fragment. */
const URL_HEADERS = new Set(['referer', 'origin']);

const CREDENTIAL_PARAM =
  /token|key|secret|pass|pwd|auth|session|sig|credential|code|jwt|otp|nonce/i;

const MAX_VALUE = 512;

function truncate(value: string): string {
  return value.length > MAX_VALUE ? `${value.slice(0, MAX_VALUE)}…` : value;
}

/** Query string with the values of credential-like parameters replaced. */
export function redactQuery(args: string): string {
  return args
    .split('&')
    .map(pair => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name = pair.slice(0, eq);
      try {
        name = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return CREDENTIAL_PARAM.test(name)
        ? `${pair.slice(0, eq)}=REDACTED`
        : pair;
    })
    .join('&');
}

/** Only allowlisted headers, URL values without query or fragment. */
export function sanitizeHeaders(headers: unknown): WafHeader[] {
  if (!Array.isArray(headers)) return [];
  const shown: WafHeader[] = [];
  for (const header of headers) {
    if (typeof header?.name !== 'string' || typeof header?.value !== 'string') {
      continue;
    }
    const name = header.name.toLowerCase();
    if (!SHOWN_HEADERS.has(name)) continue;
    const value = URL_HEADERS.has(name)
      ? header.value.replace(/[?#].*$/, '')
      : header.value;
    shown.push({ name, value: truncate(value) });
  }
  return shown;
}

function countRules(list: unknown, into: Set<string>) {
  if (!Array.isArray(list)) return;
  for (const rule of list) {
    if (typeof rule?.ruleId === 'string' && rule.action === 'COUNT') {
      into.add(rule.ruleId);
    }
  }
}

/**
 * Parses one line of an AWS WAF full log (the JSON WAF writes to
 * `aws-waf-logs-*` log groups). Returns undefined for anything that is not a
 * WAF log record, so the caller can skip and count it.
 */
export function parseWafLogLine(line: string): WafLogRecord | undefined {
  let raw: any;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  const request = raw?.httpRequest;
  if (
    typeof raw?.timestamp !== 'number' ||
    !ACTIONS.has(raw.action) ||
    typeof raw.terminatingRuleId !== 'string' ||
    typeof request?.uri !== 'string' ||
    typeof request?.clientIp !== 'string'
  ) {
    return undefined;
  }
  let ruleId: string = raw.terminatingRuleId;
  let ruleGroup: string | undefined;
  const counted = new Set<string>();
  countRules(raw.nonTerminatingMatchingRules, counted);
  const groups: any[] = Array.isArray(raw.ruleGroupList)
    ? raw.ruleGroupList
    : [];
  for (const group of groups) {
    countRules(group?.nonTerminatingMatchingRules, counted);
    for (const excluded of Array.isArray(group?.excludedRules)
      ? group.excludedRules
      : []) {
      if (
        typeof excluded?.ruleId === 'string' &&
        excluded.exclusionType === 'EXCLUDED_AS_COUNT'
      ) {
        counted.add(excluded.ruleId);
      }
    }
  }
  // The terminating rule is inside a group only when the record says a group
  // terminated; then it is the group's terminating rule whose action is the
  // request's action (a group can hold a terminatingRule that an override
  // turned into a count, and other groups can list matches too).
  if (GROUP_TYPES.has(raw.terminatingRuleType)) {
    const terminating = groups.find(
      group =>
        typeof group?.terminatingRule?.ruleId === 'string' &&
        group.terminatingRule.action === raw.action,
    );
    if (terminating) {
      ruleGroup = ruleId;
      ruleId = terminating.terminatingRule.ruleId;
    }
  }
  const labels: string[] = Array.isArray(raw.labels)
    ? raw.labels
        .map((label: any) => label?.name)
        .filter((name: unknown): name is string => typeof name === 'string')
    : [];
  const headers = Array.isArray(request.headers) ? request.headers : [];
  const host = headers.find(
    (h: any) => typeof h?.name === 'string' && h.name.toLowerCase() === 'host',
  )?.value;
  const args =
    typeof request.args === 'string' && request.args
      ? truncate(redactQuery(request.args))
      : undefined;
  return {
    time: raw.timestamp,
    action: raw.action,
    ruleId,
    ruleGroup,
    countedBy: [...counted],
    labels,
    clientIp: request.clientIp,
    country: typeof request.country === 'string' ? request.country : '-',
    method:
      typeof request.httpMethod === 'string' ? request.httpMethod : 'UNKNOWN',
    uri: truncate(request.uri),
    args,
    host: typeof host === 'string' ? host.toLowerCase() : undefined,
    requestId:
      typeof request.requestId === 'string' ? request.requestId : undefined,
    headers: isBlocked(raw.action)
      ? sanitizeHeaders(request.headers)
      : undefined,
  };
}
