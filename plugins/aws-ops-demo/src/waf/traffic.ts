import { linksOf } from '@internal/backstage-plugin-aws-ops-common';
import { Scenario } from '../scenario';
import {
  readWafSection,
  WafScenarioAttack,
  WafScenarioWebAcl,
  WafSection,
} from './schema';

const MINUTE_MS = 60_000;

/** `terminatingRuleType` of a web ACL rule in the WAF log. */
function ruleTypeOf(
  rule?: WafScenarioWebAcl['rules'][number],
): WafScenarioRequest['ruleType'] {
  if (rule?.managedRuleGroup) return 'MANAGED_RULE_GROUP';
  return rule?.rateLimit ? 'RATE_BASED' : 'REGULAR';
}

/** A store component behind a web ACL, from its catalog annotations. */
export interface WafScenarioComponent {
  name: string;
  host?: string;
  pathPrefix: string;
  /** Requests per minute in prod and the blocked share, from `waf.traffic`. */
  requestsPerMinute: number;
  blockedShare: number;
}

/** One blocked request of the scenario: what AWS WAF logs of it. */
export interface WafScenarioRequest {
  time: number;
  component: string;
  /** The web ACL rule that terminated the request. */
  rule: string;
  /** The rule inside the managed rule group, when the web ACL rule is a group. */
  ruleId?: string;
  ruleGroup?: string;
  ruleType: 'REGULAR' | 'RATE_BASED' | 'MANAGED_RULE_GROUP';
  rateLimit?: number;
  clientIp: string;
  country: string;
  method: string;
  host: string;
  uri: string;
  args: string;
  userAgent: string;
  requestId: string;
}

/** One minute's counts of one component. */
interface ComponentMinute {
  allowed: number;
  /** Blocked requests by terminating web ACL rule. */
  blocked: Map<string, number>;
}

/**
 * The `waf` section played on the scenario's clock: which requests each
 * component gets in each minute of an environment. Counts depend only on the
 * minute of the cycle, so every cycle tells the same story; per-minute jitter
 * comes from `scenario.clock.jitter`. The scenario provider answers AWS calls
 * from it and the seeder writes it into the emulator, so both hold the same
 * numbers.
 */
export class WafScenarioTraffic {
  readonly section: WafSection;
  private readonly components = new Map<string, WafScenarioComponent[]>();
  private readonly tables = new Map<string, Map<string, ComponentMinute>[]>();

  constructor(readonly scenario: Scenario) {
    this.section = readWafSection(scenario);
    const { traffic } = this.section;
    for (const entity of scenario.store.flatMap(s => s.entities)) {
      if (entity.kind !== 'Component') continue;
      const waf = linksOf(entity).waf;
      if (!waf) continue;
      const own = traffic.components[entity.metadata.name] ?? {};
      const list = this.components.get(waf.webAcl) ?? [];
      list.push({
        name: entity.metadata.name,
        host: waf.host,
        pathPrefix: waf.pathPrefix,
        requestsPerMinute:
          own.requestsPerMinute ?? traffic.default.requestsPerMinute,
        blockedShare: own.blockedShare ?? traffic.default.blockedShare,
      });
      this.components.set(waf.webAcl, list);
    }
    this.section.attacks.forEach((attack, i) => {
      const acl = this.webAclOf(attack.component);
      if (!acl?.rules.some(r => r.name === attack.rule)) {
        throw new Error(
          `${scenario.file}: waf.attacks[${i}].rule '${attack.rule}' is not a rule of ${attack.component}'s web ACL`,
        );
      }
    });
  }

  get componentLabelPrefix() {
    return this.section.componentLabelPrefix;
  }

  webAcl(name: string): WafScenarioWebAcl | undefined {
    return this.section.webAcls.find(acl => acl.name === name);
  }

  /** The components behind a web ACL (by their `aws-ops.io/waf-web-acl`). */
  componentsOf(webAcl: string): WafScenarioComponent[] {
    return this.components.get(webAcl) ?? [];
  }

  private webAclOf(component: string) {
    for (const [name, list] of this.components) {
      if (list.some(c => c.name === component)) return this.webAcl(name);
    }
    return undefined;
  }

  /** The rule group of a component's label rule: `inbestment-component-<name>`. */
  labelRuleGroupName(component: string): string {
    return `${this.componentLabelPrefix.replace(/:/g, '-')}${component}`;
  }

  /** The `LabelNamespace` dimension of a component's label metrics. */
  labelNamespace(accountId: string, component: string): string {
    return `awswaf:${accountId}:rulegroup:${this.labelRuleGroupName(
      component,
    )}:${this.componentLabelPrefix.replace(/:$/, '')}`;
  }

  /**
   * Each full minute in `[startMs, endMs)` that has passed by `now`, with
   * every component's counts in `environments` (summed).
   */
  *minutes(
    webAcl: string,
    environments: string[],
    startMs: number,
    endMs: number,
    now: number,
  ): Generator<{ time: number; components: Map<string, ComponentMinute> }> {
    const tables = environments.map(env => this.table(webAcl, env));
    const last = Math.min(endMs, now - MINUTE_MS + 1);
    for (
      let time = Math.ceil(startMs / MINUTE_MS) * MINUTE_MS;
      time < last;
      time += MINUTE_MS
    ) {
      const minute = this.minuteOfCycle(time);
      if (tables.length === 1) {
        yield { time, components: tables[0][minute] };
        continue;
      }
      const components = new Map<string, ComponentMinute>();
      for (const table of tables) {
        for (const [name, counts] of table[minute]) {
          const sum = components.get(name) ?? {
            allowed: 0,
            blocked: new Map<string, number>(),
          };
          sum.allowed += counts.allowed;
          for (const [rule, n] of counts.blocked) {
            sum.blocked.set(rule, (sum.blocked.get(rule) ?? 0) + n);
          }
          components.set(name, sum);
        }
      }
      yield { time, components };
    }
  }

  /** The blocked requests of `[startMs, endMs)` up to `now`, oldest first. */
  blockedRequests(
    webAcl: string,
    environments: string[],
    startMs: number,
    endMs: number,
    now: number,
  ): WafScenarioRequest[] {
    const acl = this.webAcl(webAcl);
    if (!acl) return [];
    const requests: WafScenarioRequest[] = [];
    const end = Math.min(endMs, now);
    for (const environment of environments) {
      for (
        let minuteStart = Math.floor(startMs / MINUTE_MS) * MINUTE_MS;
        minuteStart < end;
        minuteStart += MINUTE_MS
      ) {
        for (const request of this.minuteRequests(
          acl,
          environment,
          minuteStart,
        )) {
          if (request.time >= startMs && request.time < end) {
            requests.push(request);
          }
        }
      }
    }
    return requests.sort(
      (a, b) => a.time - b.time || a.requestId.localeCompare(b.requestId),
    );
  }

  private minuteOfCycle(time: number) {
    return Math.floor(this.scenario.clock.minutesIntoCycle(time));
  }

  /** Blocked requests per minute of an attack at a minute of the cycle. */
  private attackCount(attack: WafScenarioAttack, minute: number) {
    let count = 0;
    for (const slot of attack.at) {
      const m = slot.every ? minute % slot.every : minute;
      if (m >= slot.from && m < slot.to) count += slot.blockedPerMinute;
    }
    return count;
  }

  private attacksOf(component: string, environment: string) {
    return this.section.attacks.filter(
      a => a.component === component && a.environment === environment,
    );
  }

  /** Stray blocks of a component in a minute: `rate` per minute on average, whole requests. */
  private strayCount(
    component: WafScenarioComponent,
    environment: string,
    minute: number,
  ) {
    const share = this.section.environments[environment]?.trafficShare ?? 0;
    const rate = component.requestsPerMinute * share * component.blockedShare;
    const phase = this.scenario.clock.jitter(
      `waf:stray:${environment}:${component.name}`,
    );
    return (
      Math.floor((minute + 1) * rate + phase) -
      Math.floor(minute * rate + phase)
    );
  }

  /** The counts of every minute of the cycle for a web ACL in an environment. */
  private table(webAcl: string, environment: string) {
    const key = `${webAcl}:${environment}`;
    let table = this.tables.get(key);
    if (table) return table;
    const acl = this.webAcl(webAcl);
    const share = this.section.environments[environment]?.trafficShare ?? 0;
    const { cycleMinutes } = this.scenario.clock;
    table = [];
    for (let minute = 0; minute < cycleMinutes; minute++) {
      const row = new Map<string, ComponentMinute>();
      for (const component of acl ? this.componentsOf(webAcl) : []) {
        const variation =
          0.9 +
          0.2 *
            this.scenario.clock.jitter(
              `waf:${environment}:${component.name}:${minute}`,
            );
        const blocked = new Map<string, number>();
        const stray = this.strayCount(component, environment, minute);
        if (stray) blocked.set(acl!.strayBlocks.rule, stray);
        for (const attack of this.attacksOf(component.name, environment)) {
          const n = this.attackCount(attack, minute);
          if (n) blocked.set(attack.rule, (blocked.get(attack.rule) ?? 0) + n);
        }
        row.set(component.name, {
          allowed: Math.round(
            component.requestsPerMinute *
              share *
              (1 - component.blockedShare) *
              variation,
          ),
          blocked,
        });
      }
      table.push(row);
    }
    this.tables.set(key, table);
    return table;
  }

  /** The blocked requests of one minute of one environment, in the order of the lists. */
  private minuteRequests(
    acl: WafScenarioWebAcl,
    environment: string,
    minuteStart: number,
  ): WafScenarioRequest[] {
    const minute = this.minuteOfCycle(minuteStart);
    const jitter = (key: string) => this.scenario.clock.jitter(key);
    const requests: WafScenarioRequest[] = [];
    const rules = new Map(acl.rules.map(r => [r.name, r]));
    for (const component of this.componentsOf(acl.name)) {
      const host =
        component.host ??
        (acl.scope === 'CLOUDFRONT'
          ? 'www.inbestment.shop'
          : 'api.inbestment.shop');
      const sources: Array<{
        count: number;
        make: (
          i: number,
        ) => Omit<
          WafScenarioRequest,
          'time' | 'component' | 'requestId' | 'ruleType' | 'host'
        >;
      }> = [];
      const stray = acl.strayBlocks;
      sources.push({
        count: this.strayCount(component, environment, minute),
        make: i => ({
          rule: stray.rule,
          ruleId: stray.ruleIds[(minute + i) % stray.ruleIds.length],
          clientIp: stray.clients[(minute + i) % stray.clients.length].ip,
          country: stray.clients[(minute + i) % stray.clients.length].country,
          method: 'GET',
          uri: component.pathPrefix,
          args: stray.args,
          userAgent: 'Mozilla/5.0',
        }),
      });
      for (const attack of this.attacksOf(component.name, environment)) {
        sources.push({
          count: this.attackCount(attack, minute),
          make: i => {
            const client = attack.clients[(minute + i) % attack.clients.length];
            const request =
              attack.requests[(minute + i) % attack.requests.length];
            return {
              rule: attack.rule,
              ruleId: attack.ruleId,
              clientIp: client.ip,
              country: client.country,
              method: request.method,
              uri: request.uri,
              args: request.args,
              userAgent: request.userAgent,
            };
          },
        });
      }
      sources.forEach((source, s) => {
        for (let i = 0; i < source.count; i++) {
          const key = `waf:request:${environment}:${component.name}:${minute}:${s}:${i}`;
          const made = source.make(i);
          const rule = rules.get(made.rule);
          requests.push({
            ...made,
            time:
              minuteStart +
              Math.floor(((i + jitter(key)) / source.count) * MINUTE_MS),
            component: component.name,
            host,
            ruleGroup: rule?.managedRuleGroup
              ? `AWS#${rule.managedRuleGroup}`
              : undefined,
            ruleId: rule?.managedRuleGroup ? made.ruleId : undefined,
            ruleType: ruleTypeOf(rule),
            rateLimit: rule?.rateLimit,
            requestId: Math.floor(jitter(`${key}:id`) * 2 ** 48)
              .toString(16)
              .padStart(12, '0'),
          });
        }
      });
    }
    return requests;
  }
}
