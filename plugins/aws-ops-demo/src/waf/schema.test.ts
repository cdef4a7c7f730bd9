import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { loadScenario, STORE_SCENARIO_FILE } from '../scenario';
import { ScenarioWafProvider } from './ScenarioWafProvider';
import { WafScenarioTraffic } from './traffic';

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');

// Loading the scenario reads every store service's files: seconds on a loaded machine.
jest.setTimeout(30_000);

/** The bundled scenario with its `waf` section changed by `edit`. */
async function withWaf(edit: (waf: any) => void) {
  const raw = parse(await fs.readFile(STORE_SCENARIO_FILE, 'utf8'));
  edit(raw.waf);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'waf-scenario-'));
  const file = path.join(dir, 'scenario.yaml');
  await fs.writeFile(file, stringify({ clock: raw.clock, waf: raw.waf }));
  const scenario = await loadScenario({
    storeServicesDir: STORE_SERVICES,
    file,
  });
  return () => new WafScenarioTraffic(scenario);
}

describe('the waf section', () => {
  it('reads the bundled scenario: every service and website is behind a web ACL', async () => {
    const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
    const traffic = new WafScenarioTraffic(scenario);
    const components = scenario.store.flatMap(s =>
      s.entities.filter(e => e.kind === 'Component').map(e => e.metadata.name),
    );
    const behind = traffic.section.webAcls.flatMap(acl =>
      traffic.componentsOf(acl.name).map(c => c.name),
    );
    expect(behind.sort()).toEqual(components.sort());
    expect(traffic.webAcl('inbestment-alb')).toMatchObject({
      scope: 'REGIONAL',
      region: 'eu-west-1',
    });
    expect(traffic.webAcl('inbestment-cloudfront')).toMatchObject({
      scope: 'CLOUDFRONT',
      region: 'us-east-1',
    });
  });

  it('gives both web ACLs the required managed rule groups and the resource each protects', async () => {
    const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
    const provider = new ScenarioWafProvider(scenario);
    const at = (webAcl: string, scope: 'REGIONAL' | 'CLOUDFRONT') => ({
      environment: 'prod',
      accountId: '111122223333',
      region: scope === 'CLOUDFRONT' ? 'us-east-1' : 'eu-west-1',
      webAcl,
      scope,
      logGroup: `aws-waf-logs-${webAcl}`,
    });
    const resources: Record<string, string[]> = {};
    for (const location of [
      at('inbestment-alb', 'REGIONAL'),
      at('inbestment-cloudfront', 'CLOUDFRONT'),
    ]) {
      const acl = await provider.getWebAcl(location);
      const managed = (acl.Rules ?? []).flatMap(rule =>
        rule.Statement?.ManagedRuleGroupStatement?.Name
          ? [rule.Statement.ManagedRuleGroupStatement.Name]
          : [],
      );
      expect(managed).toEqual(
        expect.arrayContaining([
          'AWSManagedRulesCommonRuleSet',
          'AWSManagedRulesKnownBadInputsRuleSet',
          'AWSManagedRulesAmazonIpReputationList',
        ]),
      );
      resources[location.webAcl] = await provider.listWebAclResources(
        location,
        acl.ARN!,
      );
      // Another web ACL's ARN is not this one's.
      await expect(
        provider.listWebAclResources(location, `${acl.ARN}x`),
      ).rejects.toMatchObject({ name: 'WAFNonexistentItemException' });
    }
    expect(resources).toEqual({
      'inbestment-alb': [
        'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/inbestment-store/50dc6c495c0c9188',
      ],
      'inbestment-cloudfront': [
        'arn:aws:cloudfront::111122223333:distribution/E2QWRUHAPOMQZL',
      ],
    });
  });

  it('plays the card testing on the clock: bursts in every 5-minute slot, the spike at minutes 30-35, in prod only', async () => {
    const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
    const traffic = new WafScenarioTraffic(scenario);
    const cycle = scenario.clock.cycleStart(Date.UTC(2026, 11, 1, 12, 0));
    const blocked = (environment: string, minute: number) => {
      const [row] = traffic.minutes(
        'inbestment-alb',
        [environment],
        cycle + minute * 60_000,
        cycle + (minute + 1) * 60_000,
        cycle + 2 * 3_600_000,
      );
      return (
        row.components
          .get('checkout-service')!
          .blocked.get('RateLimitCheckout') ?? 0
      );
    };
    expect([0, 1, 2, 3, 4, 6, 7, 8].map(m => blocked('prod', m))).toEqual([
      0, 12, 12, 0, 0, 12, 12, 0,
    ]);
    expect([29, 30, 31, 34, 35].map(m => blocked('prod', m))).toEqual([
      0, 150, 162, 150, 0,
    ]);
    expect(blocked('staging', 31)).toBe(0);
    const requests = traffic.blockedRequests(
      'inbestment-alb',
      ['prod'],
      cycle + 31 * 60_000,
      cycle + 32 * 60_000,
      cycle + 2 * 3_600_000,
    );
    const card = requests.filter(r => r.rule === 'RateLimitCheckout');
    expect(card).toHaveLength(162);
    expect(card[0]).toMatchObject({
      component: 'checkout-service',
      ruleType: 'RATE_BASED',
      method: 'POST',
      host: 'api.inbestment.shop',
    });
    expect(new Set(card.map(r => r.clientIp))).toEqual(
      new Set(['52.14.233.180', '34.91.55.201', '159.89.47.12']),
    );
  });

  it.each([
    [
      'an unknown component',
      (waf: any) => (waf.traffic.components['no-such-service'] = {}),
      /waf\.traffic\.components names 'no-such-service'/,
    ],
    [
      'an attack in an environment without traffic',
      (waf: any) => (waf.attacks[0].environment = 'dr'),
      /waf\.attacks\[0\]\.environment 'dr'/,
    ],
    [
      "a rule that is not in the component's web ACL",
      (waf: any) =>
        (waf.attacks[0].rule = 'AWS-AWSManagedRulesBotControlRuleSet'),
      /waf\.attacks\[0\]\.rule 'AWS-AWSManagedRulesBotControlRuleSet' is not a rule of checkout-service's web ACL/,
    ],
    [
      'a rule that is neither a rate rule nor a managed group',
      (waf: any) => delete waf.webAcls[0].rules[0].rateLimit,
      /waf\.webAcls\.0\.rules\.0: a rule is either/,
    ],
    [
      'a window that ends before it starts',
      (waf: any) => (waf.attacks[0].at[0].to = 0.5),
      /waf\.attacks\[0\]\.at: 'to' must be after 'from'/,
    ],
  ])('refuses %s, naming the file and the place', async (_, edit, message) => {
    const read = await withWaf(edit);
    expect(read).toThrow(message);
  });
});
