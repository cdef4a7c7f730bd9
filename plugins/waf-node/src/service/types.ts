import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import {
  EntityWafEventsResponse,
  EntityWafSummary,
  WafWindow,
} from '@internal/backstage-plugin-waf-common';

/** AWS WAF events of catalog entities, from the WAF claims they hold. */
export interface WafEventsService {
  /** Allowed/blocked/counted requests of the entity's traffic over the window. */
  getEntityEvents(
    claims: GrantedClaims,
    options: { window: WafWindow },
  ): Promise<EntityWafEventsResponse>;
  /** Blocked requests in the last hour against the entity's own baseline. */
  getEntitySummary(claims: GrantedClaims): Promise<EntityWafSummary>;
}
