import {
  ALARM_WINDOWS,
  DEFAULT_ALARM_WINDOW,
} from '@internal/backstage-plugin-cloudwatch-common';
import { z } from 'zod';

/** The alarms route's query: `window` of the metric charts, one of ALARM_WINDOWS. */
export const alarmsQuery = z.object({
  window: z
    .enum(ALARM_WINDOWS, {
      error: `window must be one of ${ALARM_WINDOWS.join(', ')}`,
    })
    .default(DEFAULT_ALARM_WINDOW),
});
