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

/** How far back the alarm history route reaches (the timeline's windows). */
export const HISTORY_WINDOW_MS = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '24h': 24 * 3_600_000,
} as const;

export type HistoryWindow = keyof typeof HISTORY_WINDOW_MS;

const HISTORY_WINDOWS = Object.keys(HISTORY_WINDOW_MS) as [
  HistoryWindow,
  ...HistoryWindow[],
];

/** The alarm history route's query: `window` ending now, one of 1h, 6h, 24h (default 6h). */
export const historyQuery = z.object({
  window: z
    .enum(HISTORY_WINDOWS, {
      error: `window must be one of ${HISTORY_WINDOWS.join(', ')}`,
    })
    .default('6h'),
});
