import { NotModifiedError } from '@backstage/errors';
import {
  PreparerBase,
  PreparerOptions,
  PreparerResponse,
} from '@backstage/plugin-techdocs-node';
import { createHash } from 'crypto';
import fs from 'fs/promises';
import path from 'path';
import { mkdocsConfigFileNames } from './docsFolder';
import { checkMkdocsConfig } from './mkdocsConfig';

type Entity = Parameters<PreparerBase['prepare']>[0];

/** Files mkdocs or Backstage's generator read besides the docs folder. */
const rootFiles = [...mkdocsConfigFileNames, 'README.md', 'readme.md'];

/** Every file and symlink under `dir` (not followed), sorted by path. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await fs
    .readdir(dir, { recursive: true, withFileTypes: true })
    .catch(() => []);
  return entries
    .filter(entry => entry.isFile() || entry.isSymbolicLink())
    .map(entry => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * A fingerprint of what a build of a docs folder reads: the config files, the
 * docs folder (paths, contents, symlink targets) and `buildSettings` (how the
 * portal builds). Undefined when the config cannot be read, so such docs are
 * never taken as unchanged.
 */
export async function docsContentEtag(
  dir: string,
  buildSettings: string,
): Promise<string | undefined> {
  const hash = createHash('sha256').update(buildSettings);
  let docsDir = 'docs';
  for (const fileName of rootFiles) {
    const content = await fs
      .readFile(path.join(dir, fileName))
      .catch(() => undefined);
    if (content === undefined) continue;
    hash.update(`\0${fileName}\0`).update(content);
    if (mkdocsConfigFileNames.includes(fileName)) {
      const { config } = checkMkdocsConfig(content.toString('utf8'), fileName);
      if (!config) return undefined;
      docsDir = String(config.docs_dir ?? docsDir);
    }
  }
  const docsPath = path.resolve(dir, docsDir);
  for (const file of await listTree(docsPath)) {
    const stats = await fs.lstat(file);
    hash.update(`\0${path.relative(dir, file)}\0`);
    hash.update(
      stats.isSymbolicLink()
        ? `-> ${await fs.readlink(file)}`
        : await fs.readFile(file),
    );
  }
  return `docs-sha256-${hash.digest('hex')}`;
}

/**
 * The `dir:` preparer with change detection. Backstage's directory preparer
 * gives docs in a local folder no etag, so TechDocs rebuilds them on every
 * visit after the first minute and tells the reader a "newer version" is
 * available each time. This one answers NotModified while the folder and the
 * build settings are unchanged; the generator stores the etag with the site.
 * `url` targets keep the etag of Backstage's reader.
 */
export class ChangeDetectingDirectoryPreparer implements PreparerBase {
  constructor(
    private readonly directoryPreparer: PreparerBase,
    private readonly buildSettings: string,
  ) {}

  shouldCleanPreparedDirectory() {
    return this.directoryPreparer.shouldCleanPreparedDirectory();
  }

  async prepare(
    entity: Entity,
    options?: PreparerOptions,
  ): Promise<PreparerResponse> {
    const prepared = await this.directoryPreparer.prepare(entity, options);
    if (prepared.etag) {
      return prepared;
    }
    const etag = await docsContentEtag(
      prepared.preparedDir,
      this.buildSettings,
    );
    if (etag && etag === options?.etag) {
      throw new NotModifiedError(
        'The docs folder has not changed since the last build',
      );
    }
    return { preparedDir: prepared.preparedDir, etag: etag ?? '' };
  }
}
