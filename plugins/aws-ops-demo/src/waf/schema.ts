import { z } from 'zod';
import { parseSection, Scenario } from '../scenario';

const client = z.strictObject({
  ip: z.string().min(1),
  country: z.string().length(2),
});

/** A rate-based rule (`action`, `rateLimit`) or an AWS managed rule group (`managedRuleGroup`). */
const rule = z
  .strictObject({
    name: z.string().regex(/^[\w-]{1,128}$/),
    metricName: z.string().min(1),
    action: z.enum(['Block', 'Count']).optional(),
    rateLimit: z.number().int().min(10).optional(),
    managedRuleGroup: z.string().min(1).optional(),
  })
  .refine(
    r => (r.managedRuleGroup ? !r.action && !r.rateLimit : !!r.rateLimit),
    {
      message:
        'a rule is either a managedRuleGroup or a rate rule with rateLimit',
    },
  );

const webAcl = z.strictObject({
  name: z.string().regex(/^[\w-]{1,128}$/),
  scope: z.enum(['REGIONAL', 'CLOUDFRONT']),
  region: z.string().min(1),
  metricName: z.string().min(1),
  rules: z.array(rule),
  /**
   * What the web ACL is associated with (ListResourcesForWebACL /
   * ListDistributionsByWebACLId): resource ARNs, `{account}` and `{region}`
   * filled in per location. None: it protects nothing.
   */
  associatedResources: z.array(z.string().min(1)).default([]),
  strayBlocks: z.strictObject({
    rule: z.string().min(1),
    ruleIds: z.array(z.string().min(1)).min(1),
    args: z.string().default(''),
    clients: z.array(client).min(1),
  }),
});

const traffic = z.strictObject({
  requestsPerMinute: z.number().nonnegative().optional(),
  blockedShare: z.number().min(0).max(1).optional(),
});

const attack = z.strictObject({
  name: z.string().min(1),
  component: z.string().min(1),
  environment: z.string().min(1),
  /** A rule of the component's web ACL. */
  rule: z.string().min(1),
  /** The rule inside the managed rule group that terminated. */
  ruleId: z.string().min(1).optional(),
  at: z
    .array(
      z.strictObject({
        every: z.number().int().positive().optional(),
        from: z.number().nonnegative(),
        to: z.number().positive(),
        blockedPerMinute: z.number().int().nonnegative(),
      }),
    )
    .min(1),
  requests: z
    .array(
      z.strictObject({
        method: z.string().min(1),
        uri: z.string().startsWith('/'),
        args: z.string().default(''),
        userAgent: z.string().min(1),
      }),
    )
    .min(1),
  clients: z.array(client).min(1),
});

/** The `waf` section of the scenario file. */
export const wafSectionSchema = z.strictObject({
  componentLabelPrefix: z.string().regex(/^([A-Za-z0-9_-]+:){1,5}$/),
  webAcls: z.array(webAcl).min(1),
  environments: z.record(
    z.string(),
    z.strictObject({ trafficShare: z.number().min(0) }),
  ),
  traffic: z.strictObject({
    default: z.strictObject({
      requestsPerMinute: z.number().nonnegative(),
      blockedShare: z.number().min(0).max(1),
    }),
    components: z.record(z.string(), traffic).default({}),
  }),
  attacks: z.array(attack).default([]),
});

export type WafSection = z.infer<typeof wafSectionSchema>;
export type WafScenarioWebAcl = WafSection['webAcls'][number];
export type WafScenarioAttack = WafSection['attacks'][number];

/** Reads and checks the `waf` section: components, environments and rules it names exist. */
export function readWafSection(scenario: Scenario): WafSection {
  const section = parseSection(scenario, 'waf', wafSectionSchema);
  for (const name of Object.keys(section.traffic.components)) {
    scenario.assertComponent(name, `waf.traffic.components`);
  }
  section.attacks.forEach((a, i) => {
    scenario.assertComponent(a.component, `waf.attacks[${i}].component`);
    if (!section.environments[a.environment]) {
      throw new Error(
        `${scenario.file}: waf.attacks[${i}].environment '${a.environment}' is not in waf.environments`,
      );
    }
    for (const slot of a.at) {
      if (slot.to <= slot.from) {
        throw new Error(
          `${scenario.file}: waf.attacks[${i}].at: 'to' must be after 'from'`,
        );
      }
    }
  });
  return section;
}
