import { StatusLevel } from '@internal/backstage-plugin-aws-ops-react';
import { AlarmStateValue } from '@internal/backstage-plugin-cloudwatch-common';

export const stateLevel: Record<AlarmStateValue, StatusLevel> = {
  ALARM: 'error',
  INSUFFICIENT_DATA: 'warning',
  OK: 'ok',
};

const COMPARISON_SYMBOLS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
  LessThanLowerOrGreaterThanUpperThreshold: 'outside the band',
  LessThanLowerThreshold: 'below the band',
  GreaterThanUpperThreshold: 'above the band',
};

/** "≥ 25", or the operator's name when it has no symbol. */
export function comparisonText(operator: string, threshold?: number): string {
  const symbol = COMPARISON_SYMBOLS[operator] ?? operator;
  return threshold === undefined ? symbol : `${symbol} ${threshold}`;
}
