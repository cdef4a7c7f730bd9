export {
  ScenarioAccessAuditProvider,
  scenarioAccessAuditProviderFactory,
} from './ScenarioAccessAuditProvider';
export { seedAccess } from './seed';
export type { SeededAccess } from './seed';
export { accessSectionSchema, readAccessSection } from './schema';
export type { AccessSection } from './schema';
