import { Entity } from '@backstage/catalog-model';
import {
  EntityWafEventsResponse,
  EntityWafSummary,
  WafWindow,
} from '@internal/backstage-plugin-waf-common';

/** AWS WAF events of catalog entities. */
export interface WafEventsService {
  /** Allowed/blocked/counted requests of the entity's traffic over the window. */
  getEntityEvents(
    entity: Entity,
    options: { window: WafWindow },
  ): Promise<EntityWafEventsResponse>;
  /** Blocked requests in the last hour against the entity's own baseline. */
  getEntitySummary(entity: Entity): Promise<EntityWafSummary>;
}
