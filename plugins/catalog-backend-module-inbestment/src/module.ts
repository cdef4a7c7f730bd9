import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ConfinedFileReaderProcessor } from './ConfinedFileReaderProcessor';
import { ConfinedPlaceholderProcessor } from './ConfinedPlaceholderProcessor';
import { cachedListing } from './confinement';
import { FileLocationsProvider, matchFiles } from './FileLocationsProvider';
import { createLocationGuard } from './locationGuard';

/** The scaffolder module's default for `inbestment.scaffolder.localPublishDir`. */
const DEFAULT_PUBLISH_DIR = '../../data/generated-repos';

/** A generated repository's own catalog file; hidden folders (the publisher's staging copies) do not match. */
export const GENERATED_REPO_CATALOG_FILES = ['*/catalog-info.yaml'];

/**
 * The catalog side of the portal's trust boundary: the store's files and the locally generated repositories are
 * registered by the catalog itself, `file` locations are read only inside them, and user requests may only register
 * (or, with the right to delete, retarget) `url` locations of configured integrations.
 */
export const catalogModuleInbestment = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'inbestment',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        reader: coreServices.urlReader,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        httpRouter,
        httpAuth,
        permissions,
        reader,
      }) {
        // Relative paths are relative to the backend's working directory (packages/backend under `repo start`).
        const baseDir = process.cwd();
        const catalogFiles =
          config.getOptionalStringArray('inbestment.catalogFiles') ?? [];
        const scaffolder = config.getOptionalConfig('inbestment.scaffolder');
        const publishDir =
          (scaffolder?.getOptionalString('publishTarget') ?? 'local') ===
          'local'
            ? path.resolve(
                baseDir,
                scaffolder?.getOptionalString('localPublishDir') ??
                  DEFAULT_PUBLISH_DIR,
              )
            : undefined;

        if (catalogFiles.length > 0) {
          catalog.addEntityProvider(
            new FileLocationsProvider({
              name: 'inbestment-store-files',
              patterns: catalogFiles,
              baseDir,
              logger,
              taskRunner: scheduler.createScheduledTaskRunner({
                frequency: { seconds: 30 },
                timeout: { seconds: 30 },
              }),
            }),
          );
        }
        if (publishDir) {
          // A repository published a moment ago shows up within seconds; the scan is a local folder listing.
          catalog.addEntityProvider(
            new FileLocationsProvider({
              name: 'inbestment-generated-repos',
              patterns: GENERATED_REPO_CATALOG_FILES,
              baseDir: publishDir,
              logger,
              taskRunner: scheduler.createScheduledTaskRunner({
                frequency: { seconds: 3 },
                timeout: { seconds: 30 },
                scope: 'local',
              }),
            }),
          );
        }

        // Listed at most every 30 s (as often as the provider scans), again on a miss at most every second.
        const allowedFiles = cachedListing(
          () => ({
            files: matchFiles(catalogFiles, baseDir),
            dirs: publishDir ? [publishDir] : [],
          }),
          { maxAgeMs: 30_000, minAgeMs: 1_000 },
        );
        const integrations = ScmIntegrations.fromConfig(config);
        catalog.addProcessor(
          new ConfinedFileReaderProcessor(allowedFiles),
          // `$text: ./openapi.yaml` of a generated repository, read from disk within the same confinement.
          new ConfinedPlaceholderProcessor({
            allowedFiles,
            reader,
            integrations,
          }),
        );

        httpRouter.use(
          createLocationGuard({
            integrations,
            permissions,
            httpAuth,
          }),
        );
      },
    });
  },
});
