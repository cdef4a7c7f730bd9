export {
  ScenarioAlarmsProvider,
  scenarioAlarmsProviderFactory,
} from './ScenarioAlarmsProvider';
export { seedAlarms, seededStatistic } from './seed';
export type { AlarmsSeedEnvironment } from './seed';
export { alarmsSectionSchema, readAlarmsSection } from './schema';
export type { AlarmsSection, ScenarioAlarm } from './schema';
