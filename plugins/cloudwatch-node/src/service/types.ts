import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import {
  AlarmWindow,
  EntityAlarmHistoryResponse,
  EntityAlarmListResponse,
  EntityAlarmSummary,
  EntityAlarmsResponse,
} from '@internal/backstage-plugin-cloudwatch-common';

/** CloudWatch alarms of catalog entities, from the alarm claims they hold. */
export interface CloudWatchAlarmsService {
  /** Every alarm linked to the entity, worst first, with its metric over the window. */
  getEntityAlarms(
    claims: GrantedClaims,
    options: { window: AlarmWindow },
  ): Promise<EntityAlarmsResponse>;
  /**
   * Every alarm linked to the entity (worst first) with its metric, actions
   * and state, from the cached DescribeAlarms only: no metric data is read.
   */
  listAlarms(claims: GrantedClaims): Promise<EntityAlarmListResponse>;
  /** State counts and the firing alarms, from the cached DescribeAlarms only. */
  getAlarmSummary(claims: GrantedClaims): Promise<EntityAlarmSummary>;
  /**
   * The state changes of the alarms linked to the entity (the same linking
   * and claims as getEntityAlarms) with `start <= timestamp < end` (epoch
   * milliseconds), oldest first, from each account+region's cached alarm
   * history.
   */
  getAlarmHistory(
    claims: GrantedClaims,
    range: { start: number; end: number },
  ): Promise<EntityAlarmHistoryResponse>;
}
