import {
  coreServices,
  createBackendModule,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { globSync } from 'glob';
import path from 'path';

/**
 * Registers every catalog file matched by `inbestment.catalogFiles` as its own
 * Location. A glob location or a multi-target Location is processed as one
 * unit, so a single malformed file there withholds every sibling entity; one
 * Location per file keeps a broken file's error on that file alone, and files
 * added to the tree are picked up on the next scan.
 */
export class StoreFileLocationsProvider implements EntityProvider {
  #connection?: EntityProviderConnection;

  constructor(
    private readonly patterns: string[],
    private readonly baseDir: string,
    private readonly logger: LoggerService,
    private readonly taskRunner: SchedulerServiceTaskRunner,
  ) {}

  getProviderName() {
    return 'inbestment-store-files';
  }

  /** Starts the scans once the catalog can take mutations. */
  async connect(connection: EntityProviderConnection) {
    this.#connection = connection;
    await this.taskRunner.run({
      id: `${this.getProviderName()}:scan`,
      fn: () => this.scan(),
    });
  }

  /** The absolute paths of the catalog files the patterns match, sorted. */
  listFiles(): string[] {
    const files = this.patterns.flatMap(pattern =>
      globSync(pattern, { cwd: this.baseDir, absolute: true, nodir: true }),
    );
    return [...new Set(files.map(file => path.normalize(file)))].sort();
  }

  async scan() {
    if (!this.#connection) {
      throw new Error('StoreFileLocationsProvider is not connected yet');
    }
    const files = this.listFiles();
    await this.#connection.applyMutation({
      type: 'full',
      entities: files.map(target => ({
        locationKey: `file:${target}`,
        entity: locationSpecToLocationEntity({
          location: { type: 'file', target },
        }),
      })),
    });
    this.logger.debug(`Registered ${files.length} catalog files`);
  }
}

export const catalogModuleStoreFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'store-file-locations',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({ catalog, config, logger, scheduler }) {
        const patterns =
          config.getOptionalStringArray('inbestment.catalogFiles') ?? [];
        if (patterns.length === 0) {
          return;
        }
        catalog.addEntityProvider(
          new StoreFileLocationsProvider(
            patterns,
            process.cwd(),
            logger,
            scheduler.createScheduledTaskRunner({
              frequency: { seconds: 30 },
              timeout: { seconds: 30 },
            }),
          ),
        );
      },
    });
  },
});
