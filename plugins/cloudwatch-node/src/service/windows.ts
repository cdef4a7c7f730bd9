import { AlarmWindow } from '@internal/backstage-plugin-cloudwatch-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Length of each window and the chart period that keeps every line under
 * ~200 points (and 500 lines under GetMetricData's 100,800 datapoints per page).
 */
export const WINDOWS: Record<
  AlarmWindow,
  { durationMs: number; periodSeconds: number }
> = {
  '1h': { durationMs: HOUR, periodSeconds: 60 },
  '3h': { durationMs: 3 * HOUR, periodSeconds: 60 },
  '12h': { durationMs: 12 * HOUR, periodSeconds: 300 },
  '24h': { durationMs: 24 * HOUR, periodSeconds: 600 },
  '7d': { durationMs: 7 * 24 * HOUR, periodSeconds: 3600 },
};

/** The window ending at the next period boundary after `now`, so cached charts line up. */
export function rangeOf(window: AlarmWindow, now: number) {
  const { durationMs, periodSeconds } = WINDOWS[window];
  const periodMs = periodSeconds * 1000;
  const end = Math.ceil(now / periodMs) * periodMs;
  return { start: end - durationMs, end, period: periodSeconds };
}
