import { parse as parseArn } from '@aws-sdk/util-arn-parser';
import { WafRuleKind } from '@internal/backstage-plugin-waf-common';
import {
  WafLogLocation,
  WafWebAclDescription,
} from '@internal/backstage-plugin-waf-node';

/** A web ACL rule as the plugin uses it. */
export interface WafRuleInfo {
  name: string;
  /** `VisibilityConfig.MetricName`: the `Rule` dimension of the rule's metrics. */
  metricName: string;
  kind: WafRuleKind;
  ruleGroup?: string;
}

/** What one GetWebACL read gives the plugin; plain JSON, cached. */
export interface WafWebAclInfo {
  arn?: string;
  /** The `WebACL` dimension of the web ACL's metrics. */
  metricName: string;
  /** `awswaf:<account>:webacl:<name>:` */
  labelNamespace: string;
  rules: WafRuleInfo[];
  /** Component name to the fully qualified namespace of its label (the `LabelNamespace` dimension). */
  componentLabels: Record<string, string>;
}

const ACTIONS: WafRuleKind[] = [
  'BLOCK',
  'ALLOW',
  'COUNT',
  'CAPTCHA',
  'CHALLENGE',
];

function kindOf(
  rule: NonNullable<WafWebAclDescription['Rules']>[number],
): WafRuleKind {
  if (rule.OverrideAction) {
    return 'Count' in rule.OverrideAction ? 'GROUP_COUNT' : 'GROUP';
  }
  const action = Object.keys(rule.Action ?? {})[0]?.toUpperCase();
  return ACTIONS.find(a => a === action) ?? 'BLOCK';
}

/**
 * Reads the rules (with their metric names, never their display names, as the
 * metric dimension), and finds each component's label rule:
 * - an inline rule adding `<prefix><component>`: its labels are in the web
 *   ACL's namespace `awswaf:<account>:webacl:<name>:`;
 * - a rule group reference rule named `<prefix with - for :><component>`
 *   (what templates/shared/terraform adds): the group's rule adds
 *   `<prefix><component>` in the group's namespace
 *   `awswaf:<account>:rulegroup:<group name>:`.
 */
export function readWebAclInfo(
  description: WafWebAclDescription,
  location: WafLogLocation,
  componentLabelPrefix: string,
): WafWebAclInfo {
  const labelNamespace =
    description.LabelNamespace ??
    `awswaf:${location.accountId}:webacl:${description.Name}:`;
  const prefixNamespace = componentLabelPrefix.replace(/:$/, '');
  const groupRulePrefix = componentLabelPrefix.replace(/:/g, '-');
  const componentLabels: Record<string, string> = {};
  const rules: WafRuleInfo[] = [];
  for (const rule of description.Rules ?? []) {
    const statement = rule.Statement ?? {};
    const managed = statement.ManagedRuleGroupStatement;
    const groupArn = statement.RuleGroupReferenceStatement?.ARN;
    let ruleGroup: string | undefined;
    if (managed?.Name)
      ruleGroup = `${managed.VendorName ?? ''}#${managed.Name}`;
    let groupName: string | undefined;
    if (groupArn) {
      try {
        // arn:aws:wafv2:<region>:<account>:regional/rulegroup/<name>/<id>
        groupName = parseArn(groupArn).resource.split('/')[2];
        ruleGroup = groupName;
      } catch {
        // not an ARN: no group name
      }
    }
    for (const label of rule.RuleLabels ?? []) {
      if (label.Name.startsWith(componentLabelPrefix)) {
        componentLabels[
          label.Name.slice(componentLabelPrefix.length)
        ] = `${labelNamespace}${prefixNamespace}`;
      }
    }
    if (groupName && rule.Name.startsWith(groupRulePrefix)) {
      componentLabels[
        rule.Name.slice(groupRulePrefix.length)
      ] = `awswaf:${location.accountId}:rulegroup:${groupName}:${prefixNamespace}`;
      // The label rule counts every request of the component: not a rule to rank.
      continue;
    }
    if (rule.RuleLabels?.some(l => l.Name.startsWith(componentLabelPrefix))) {
      continue;
    }
    rules.push({
      name: rule.Name,
      metricName: rule.VisibilityConfig?.MetricName ?? rule.Name,
      kind: kindOf(rule),
      ruleGroup,
    });
  }
  return {
    arn: description.ARN,
    metricName: description.VisibilityConfig?.MetricName ?? description.Name,
    labelNamespace,
    rules,
    componentLabels,
  };
}
