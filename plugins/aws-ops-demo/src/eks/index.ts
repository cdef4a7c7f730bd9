export {
  ScenarioEksProvider,
  scenarioEksProviderFactory,
} from './ScenarioEksProvider';
export { seedEks } from './seed';
export type { EksSeedEnvironment, SeededEks } from './seed';
export { readEksSection, eksSectionSchema } from './schema';
export type { EksSection } from './schema';
export { scenarioWorkloads } from './workloads';
