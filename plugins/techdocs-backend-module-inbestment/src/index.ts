/**
 * TechDocs' local builder runs mkdocs only on docs folders whose mkdocs.yml stays
 * within an allowlist of settings, extensions and plugins.
 *
 * @packageDocumentation
 */
export { techdocsModuleMkdocsAllowlist as default } from './module';
export {
  GuardedTechdocsGenerator,
  refusalMessage,
} from './GuardedTechdocsGenerator';
export { findDocsFolderViolations, mkdocsConfigFileNames } from './docsFolder';
export {
  allowedMarkdownExtensions,
  allowedPlugins,
  allowedSettings,
  allowedThemeOptions,
  allowedThemes,
  checkMkdocsConfig,
} from './mkdocsConfig';
export type { MkdocsViolation, ParsedMkdocsConfig } from './mkdocsConfig';
