import { WAF_WINDOWS } from '@internal/backstage-plugin-waf-common';
import { z } from 'zod';

/** The events route's query: `window`, one of WAF_WINDOWS, 1h when absent. */
export const eventsQuery = z.object({
  window: z
    .enum(WAF_WINDOWS, {
      error: `window must be one of ${WAF_WINDOWS.join(', ')}`,
    })
    .default('1h'),
});

/** The spikes route's query: `window`, one of WAF_WINDOWS, 6h when absent. */
export const spikesQuery = z.object({
  window: z
    .enum(WAF_WINDOWS, {
      error: `window must be one of ${WAF_WINDOWS.join(', ')}`,
    })
    .default('6h'),
});
