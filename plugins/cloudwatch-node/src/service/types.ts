import { GrantedClaims } from '@internal/backstage-plugin-aws-ops-node';
import {
  AlarmWindow,
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
  /** State counts and the firing alarms, from the cached DescribeAlarms only. */
  getAlarmSummary(claims: GrantedClaims): Promise<EntityAlarmSummary>;
}
