import {
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  EntityProvider,
  EntityProviderConnection,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
import { globSync } from 'glob';
import path from 'node:path';

/** The absolute, normalized paths of the files the globs match under `baseDir`, sorted and without duplicates. */
export function matchFiles(patterns: string[], baseDir: string): string[] {
  const files = patterns.flatMap(pattern =>
    globSync(pattern, { cwd: baseDir, absolute: true, nodir: true }),
  );
  return [...new Set(files.map(file => path.normalize(file)))].sort();
}

/**
 * Registers every file the globs match as its own `file` Location, with the catalog's own identity.
 *
 * A glob location or a multi-target Location is processed as one unit, so a single malformed file there withholds
 * every sibling entity; one Location per file keeps a broken file's error on that file alone. Each scan is a `full`
 * mutation: added files are picked up, and a deleted file's Location (with the entities it produced) is removed.
 */
export class FileLocationsProvider implements EntityProvider {
  #connection?: EntityProviderConnection;

  constructor(
    private readonly options: {
      name: string;
      patterns: string[];
      baseDir: string;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName() {
    return this.options.name;
  }

  /** Starts the scans once the catalog can take mutations. */
  async connect(connection: EntityProviderConnection) {
    this.#connection = connection;
    await this.options.taskRunner.run({
      id: `${this.getProviderName()}:scan`,
      fn: () => this.scan(),
    });
  }

  listFiles(): string[] {
    return matchFiles(this.options.patterns, this.options.baseDir);
  }

  async scan() {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected yet`);
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
    this.options.logger.debug(
      `${this.getProviderName()}: registered ${files.length} files`,
    );
  }
}
