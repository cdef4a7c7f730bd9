import { TimelineCorrelation } from '@internal/backstage-plugin-ops-health-common';

export const CHECKOUT_SENTENCE =
  'checkout-service-prod-latency fired 4 min after checkout-service 4.9.50 started rolling out in prod';

/** The demo's story: checkout-service's latency alarm 4 min after its prod rollout. */
export function checkoutCorrelation(
  alarmEventId = 'alarm:component:default/checkout-service:prod:1',
  rolloutEventId = 'rollout:component:default/checkout-service:prod:1',
): TimelineCorrelation {
  return {
    alarmEventId,
    rolloutEventId,
    alarmEntityRef: 'component:default/checkout-service',
    rolloutEntityRef: 'component:default/checkout-service',
    environment: 'prod',
    alarmName: 'checkout-service-prod-latency',
    minutesAfter: 4,
    sentence: CHECKOUT_SENTENCE,
    alarmLink: '/catalog/default/component/checkout-service/alarms',
    rolloutLink: '/catalog/default/component/checkout-service/eks',
  };
}
