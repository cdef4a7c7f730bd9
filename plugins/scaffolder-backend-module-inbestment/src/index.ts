/**
 * Scaffolder actions for the inbestment store's software templates.
 *
 * @packageDocumentation
 */
export { scaffolderModuleInbestment as default } from './module';
