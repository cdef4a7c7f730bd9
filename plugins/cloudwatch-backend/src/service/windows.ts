import {
  AlarmWindow,
  MAX_CHART_POINTS,
} from '@internal/backstage-plugin-cloudwatch-common';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Length of each chart window. */
export const WINDOWS: Record<AlarmWindow, { durationMs: number }> = {
  '1h': { durationMs: HOUR },
  '3h': { durationMs: 3 * HOUR },
  '12h': { durationMs: 12 * HOUR },
  '24h': { durationMs: 24 * HOUR },
  '7d': { durationMs: 7 * 24 * HOUR },
};

/** Statistics whose value grows with the period (the rest are comparable at any period). */
const ADDITIVE_STATISTICS = new Set(['Sum', 'SampleCount']);

/**
 * How an alarm's metric is charted over a window: at the alarm's own period
 * and statistic, so every point is what the alarm compared with its
 * threshold. Only when that would exceed MAX_CHART_POINTS points (e.g. a
 * 60 s alarm over 7 days) is the period a whole multiple of the alarm's, and
 * then additive statistics are divided by that multiple so the line stays on
 * the threshold's scale.
 */
export function chartPeriodOf(
  window: AlarmWindow,
  alarm: { period: number; statistic: string },
): { period: number; divisor: number } {
  const seconds = WINDOWS[window].durationMs / 1000;
  const factor = Math.max(
    1,
    Math.ceil(seconds / alarm.period / MAX_CHART_POINTS),
  );
  return {
    period: alarm.period * factor,
    divisor: ADDITIVE_STATISTICS.has(alarm.statistic) ? factor : 1,
  };
}

/**
 * The window ending at the next boundary of the longest period after `now`,
 * so cached charts line up with CloudWatch's period boundaries.
 */
export function rangeOf(
  window: AlarmWindow,
  now: number,
  longestPeriodSeconds: number,
): { start: number; end: number } {
  const { durationMs } = WINDOWS[window];
  const periodMs = Math.max(1, longestPeriodSeconds) * 1000;
  const end = Math.ceil(now / periodMs) * periodMs;
  return { start: end - durationMs, end };
}
