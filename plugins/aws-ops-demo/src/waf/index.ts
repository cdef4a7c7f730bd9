export { ScenarioWafProvider } from './ScenarioWafProvider';
export { scenarioWafProviderFactory } from './factory';
export { seedWafScenario } from './seed';
export type { WafSeedResult } from './seed';
export { readWafSection, wafSectionSchema } from './schema';
export type { WafSection } from './schema';
