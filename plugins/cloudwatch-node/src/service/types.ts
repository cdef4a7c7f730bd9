import { Entity } from '@backstage/catalog-model';
import {
  AlarmWindow,
  EntityAlarmSummary,
  EntityAlarmsResponse,
} from '@internal/backstage-plugin-cloudwatch-common';

/** CloudWatch alarms of catalog entities. */
export interface CloudWatchAlarmsService {
  /** Every alarm linked to the entity, worst first, with its metric over the window. */
  getEntityAlarms(
    entity: Entity,
    options: { window: AlarmWindow },
  ): Promise<EntityAlarmsResponse>;
  /** State counts and the firing alarms, from the cached DescribeAlarms only. */
  getAlarmSummary(entity: Entity): Promise<EntityAlarmSummary>;
}
