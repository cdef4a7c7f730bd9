import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import {
  EntityWafCoverage,
  EntityWafEventsResponse,
  EntityWafSpikesResponse,
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
  /**
   * Whether the entity's web ACL exists in each location, its rule groups
   * and the resources it is associated with (cached per web ACL location).
   */
  getEntityCoverage(claims: GrantedClaims): Promise<EntityWafCoverage>;
  /** Blocked requests in the last hour against the entity's own baseline. */
  getEntitySummary(claims: GrantedClaims): Promise<EntityWafSummary>;
  /**
   * The entity's WAF spikes (see `WafSpike`) that overlap `[start, end)`
   * (epoch milliseconds, at most 24 hours apart, else an `InputError`), from
   * the summary's cached read: no AWS call of its own once the summary (or
   * another spikes read) of the component has been read.
   */
  getEntitySpikes(
    claims: GrantedClaims,
    range: { start: number; end: number },
  ): Promise<EntityWafSpikesResponse>;
}
