export {
  ScenarioEksProvider,
  scenarioEksProviderFactory,
} from './ScenarioEksProvider';
export { seedEks } from './seed';
export type { EksSeedEnvironment, SeededEks } from './seed';
export {
  eksSectionSchema,
  eksVersionSupportTable,
  readEksSection,
} from './schema';
export type { EksSection } from './schema';
export { scenarioWorkloads } from './workloads';
