import { TIMELINE_WINDOWS } from '@internal/backstage-plugin-ops-health-common';
import { z } from 'zod';

/** The changes route's query: `window`, one of the timeline's windows, 6h when absent. */
export const changesQuery = z.object({
  window: z
    .enum(TIMELINE_WINDOWS, {
      error: `window must be one of ${TIMELINE_WINDOWS.join(', ')}`,
    })
    .default('6h'),
});
