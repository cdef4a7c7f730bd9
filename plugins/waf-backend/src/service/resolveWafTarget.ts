import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_WAF_WEB_ACL,
  AwsLinks,
  AwsOpsErrorEntry,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsResolver,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import { WafScope } from '@internal/backstage-plugin-waf-common';
import {
  logGroupOf,
  WafConfig,
  WafLogLocation,
} from '@internal/backstage-plugin-waf-node';

/** Which of a web ACL's traffic belongs to a component. */
export interface TrafficFilter {
  /** Lower-case host; any host when absent. */
  host?: string;
  pathPrefix: string;
}

/** CloudFront web ACLs, their metrics and their logs live in us-east-1. */
export const CLOUDFRONT_REGION = 'us-east-1';

export interface WafTarget {
  webAcl?: string;
  scope: WafScope;
  filter: TrafficFilter;
  locations: WafLogLocation[];
  /** The environments a location serves: two environments in one account and region share it. */
  environmentsOf(location: WafLogLocation): string[];
  errors: AwsOpsErrorEntry[];
}

/**
 * The web ACL, the traffic filter and the log groups of an entity's WAF
 * claim (`linksOf` in aws-ops-common; none: no traffic). Accounts and regions
 * come from the entity's environments; only allowlisted ones become locations.
 */
export function resolveWafTarget(
  entity: Entity,
  waf: AwsLinks['waf'],
  resolver: AwsOpsResolver,
  config: WafConfig,
): WafTarget {
  const webAcl = waf?.webAcl;
  const scope: WafScope =
    waf?.scope ?? (entity.spec?.type === 'website' ? 'CLOUDFRONT' : 'REGIONAL');
  const filter: TrafficFilter = {
    host: waf?.host,
    pathPrefix: waf?.pathPrefix ?? '/',
  };
  const shared = new Map<WafLogLocation, string[]>();
  const target: WafTarget = {
    webAcl,
    scope,
    filter,
    locations: [],
    environmentsOf: location => shared.get(location) ?? [location.environment],
    errors: [],
  };
  if (!webAcl) return target;
  // Web ACL names: 1-128 of A-Z a-z 0-9 - _ (AWS WAFV2 naming rule).
  if (!/^[\w-]{1,128}$/.test(webAcl)) {
    target.errors.push({
      scope: {},
      name: 'InputError',
      message: `Annotation ${ANNOTATION_WAF_WEB_ACL} '${webAcl}' is not a web ACL name`,
    });
    return target;
  }
  const { environments, errors } = resolver.resolveEnvironments(entity);
  target.errors.push(...errors);
  const seen = new Map<string, WafLogLocation>();
  for (const env of environments) {
    const region = scope === 'CLOUDFRONT' ? CLOUDFRONT_REGION : env.region;
    const location: WafLogLocation = {
      environment: env.name,
      accountId: env.accountId,
      region,
      webAcl,
      scope,
      logGroup: logGroupOf(config, webAcl),
    };
    try {
      resolver.assertAllowed(location);
    } catch (error) {
      target.errors.push(
        toErrorEntry(
          { environment: env.name, accountId: env.accountId, region },
          scope === 'CLOUDFRONT'
            ? Object.assign(error as Error, {
                message: `${
                  (error as Error).message
                }; the logs of CloudFront web ACL ${webAcl} are in ${CLOUDFRONT_REGION}`,
              })
            : error,
        ),
      );
      continue;
    }
    // Two environments in one account and region share the log group.
    const key = `${location.accountId}/${region}/${location.logGroup}`;
    const first = seen.get(key);
    if (first) {
      shared.get(first)!.push(env.name);
    } else {
      seen.set(key, location);
      shared.set(location, [env.name]);
      target.locations.push(location);
    }
  }
  return target;
}
