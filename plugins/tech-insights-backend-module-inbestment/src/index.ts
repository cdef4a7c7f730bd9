/**
 * Tech Insights fact retrievers of the store's production-readiness scorecard.
 *
 * @packageDocumentation
 */
export { techInsightsModuleInbestmentFacts as default } from './module';
export * from './retrievers/serviceFacts';
