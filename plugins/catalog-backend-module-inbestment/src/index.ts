/**
 * The catalog side of the portal's trust boundary: the store's files and the locally generated repositories as
 * catalog-owned file Locations, a file reader confined to them, and a guard on the location routes.
 *
 * @packageDocumentation
 */
export { catalogModuleInbestment as default } from './module';
export { ConfinedFileReaderProcessor } from './ConfinedFileReaderProcessor';
export { ConfinedPlaceholderProcessor } from './ConfinedPlaceholderProcessor';
export type { AllowedFiles, AllowedListing } from './confinement';
export { cachedListing } from './confinement';
export { FileLocationsProvider, matchFiles } from './FileLocationsProvider';
export { assertRegistrable, createLocationGuard } from './locationGuard';
