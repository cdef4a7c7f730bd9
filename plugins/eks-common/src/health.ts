import { EksPod } from './types';

const FAILING_POD_STATUSES = /BackOff|Err|OOMKilled|Failed|Evicted|Unknown/;

/** A pod that is crash-looping, cannot pull its image, was evicted or failed. */
export function isPodFailing(pod: Pick<EksPod, 'status'>): boolean {
  return FAILING_POD_STATUSES.test(pod.status);
}
