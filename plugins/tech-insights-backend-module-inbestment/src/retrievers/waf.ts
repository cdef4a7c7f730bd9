import { RootConfigService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsClaimsService,
  claimErrors,
} from '@internal/backstage-plugin-aws-ops-node';
import { WafEventsService } from '@internal/backstage-plugin-waf-node';
import {
  createServiceFactRetriever,
  describeErrors,
  ServiceFacts,
  unreadable,
} from './serviceFacts';

/** The managed rule groups required when `techInsights.inbestment.waf.requiredManagedRuleGroups` is not set. */
export const DEFAULT_REQUIRED_MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
];

const FACTS = ['coveredByWebAcl', 'missingRuleGroups', 'hasRequiredRuleGroups'];

/** The configured required groups (`techInsights.inbestment.waf.requiredManagedRuleGroups`). */
export function readRequiredRuleGroups(config: RootConfigService): string[] {
  return (
    config.getOptionalStringArray(
      'techInsights.inbestment.waf.requiredManagedRuleGroups',
    ) ?? DEFAULT_REQUIRED_MANAGED_RULE_GROUPS
  );
}

/** One rule group a web ACL references (`WafRuleGroupUse` of waf-common). */
type WafRuleGroupUse = Awaited<
  ReturnType<WafEventsService['getEntityCoverage']>
>['locations'][number]['ruleGroups'][number];

/**
 * Whether a web ACL rule group satisfies a required one: `Name` matches a
 * managed group of that name from any vendor, `Vendor#Name` exactly that one.
 * A group in count mode blocks nothing and does not count.
 */
function satisfies(use: WafRuleGroupUse, required: string): boolean {
  if (!use.managed || use.countOnly) return false;
  return required.includes('#')
    ? use.ruleGroup === required
    : use.ruleGroup.slice(use.ruleGroup.indexOf('#') + 1) === required;
}

/**
 * The WAF facts of one service in `environment`, from the claims gate and
 * the WAF service (GetWebACL and the association listing, both cached per
 * web ACL location for `awsOps.waf.webAclTtlSeconds`).
 */
export async function readWafFacts(
  entity: Entity,
  options: {
    claims: AwsOpsClaimsService;
    waf: WafEventsService;
    required: string[];
    environment: string;
  },
): Promise<ServiceFacts> {
  const { required, environment } = options;
  const granted = await options.claims.grant(entity);
  const notCovered = (): ServiceFacts => ({
    facts: {
      coveredByWebAcl: false,
      missingRuleGroups: required,
      hasRequiredRuleGroups: required.length === 0,
    },
  });
  if (!granted.links.waf) {
    const refused = claimErrors(granted, ['waf-traffic']);
    // Claimed but refused: nothing may be read for it, so nothing is known.
    if (granted.claimed.waf) {
      return unreadable(
        FACTS,
        describeErrors(refused) ||
          `the WAF claim on ${granted.claimed.waf.webAcl} is not granted`,
      );
    }
    return notCovered();
  }
  const coverage = await options.waf.getEntityCoverage(granted);
  const inEnvironment = (error: AwsOpsErrorEntry) =>
    !error.scope.environment || error.scope.environment === environment;
  const location = coverage.locations.find(l =>
    l.environments.includes(environment),
  );
  if (!location) {
    const errors = coverage.errors.filter(inEnvironment);
    return unreadable(
      FACTS,
      describeErrors(errors) ||
        `${granted.entityRef} has no ${environment} environment to read web ACL ${coverage.webAcl} in`,
    );
  }
  if (!location.exists) return notCovered();
  const missingRuleGroups = required.filter(
    group => !location.ruleGroups.some(use => satisfies(use, group)),
  );
  const result: ServiceFacts = {
    facts: {
      missingRuleGroups,
      hasRequiredRuleGroups: missingRuleGroups.length === 0,
    },
  };
  if (location.associatedResources) {
    result.facts.coveredByWebAcl = location.associatedResources.length > 0;
  } else {
    result.readErrors = {
      coveredByWebAcl:
        describeErrors(coverage.errors.filter(inEnvironment)) ||
        `the resources of web ACL ${location.webAcl} could not be read`,
    };
  }
  return result;
}

/**
 * `inbestmentWafFacts`: whether each service's prod traffic passes a web ACL
 * with the managed rule groups the store requires.
 */
export function createWafFactRetriever(options: {
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  waf: WafEventsService;
  config: RootConfigService;
  /** The environment the facts are about (default `prod`). */
  environment?: string;
}): FactRetriever {
  const required = readRequiredRuleGroups(options.config);
  const environment = options.environment ?? 'prod';
  return createServiceFactRetriever({
    id: 'inbestmentWafFacts',
    version: '0.1.0',
    title: 'WAF coverage',
    description:
      "Whether the service's prod traffic passes its web ACL, and the store's required managed rule groups it lacks",
    catalog: options.catalog,
    schema: {
      coveredByWebAcl: {
        type: 'boolean',
        description:
          'The web ACL the service holds a claim on exists in prod and is associated with a resource (ALB, API Gateway, CloudFront …)',
      },
      missingRuleGroups: {
        type: 'set',
        description:
          'Required managed rule groups the web ACL does not enforce (absent, or in count mode)',
      },
      hasRequiredRuleGroups: {
        type: 'boolean',
        description: 'The web ACL enforces every required managed rule group',
      },
    },
    read: entity =>
      readWafFacts(entity, {
        claims: options.claims,
        waf: options.waf,
        required,
        environment,
      }),
  });
}
