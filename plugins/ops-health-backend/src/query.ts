import { TIMELINE_WINDOWS } from '@internal/backstage-plugin-ops-health-common';
import { z } from 'zod';

/** The timeline route's query: `window`, one of TIMELINE_WINDOWS (default 6h). */
export const timelineQuery = z.object({
  window: z
    .enum(TIMELINE_WINDOWS, {
      error: `window must be one of ${TIMELINE_WINDOWS.join(', ')}`,
    })
    .default('6h'),
});
