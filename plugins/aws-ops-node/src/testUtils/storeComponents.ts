import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The repository's store-services folder: one sub-folder per store component. */
const STORE_SERVICES = resolvePackagePath(
  '@internal/backstage-plugin-aws-ops-node',
  '../../store-services',
);

/**
 * The store's components as its catalog files declare them (name and
 * `spec.type`), sorted by name. Tests compare what the code under test
 * returns with these, so they follow the store when it grows.
 */
export function storeComponents(): Array<{ name: string; type: string }> {
  return fs
    .readdirSync(STORE_SERVICES)
    .map(folder => path.join(STORE_SERVICES, folder, 'catalog-info.yaml'))
    .filter(file => fs.existsSync(file))
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(file, 'utf8'))
        .map(doc => doc.toJS())
        .filter(entity => entity?.kind === 'Component')
        .map(entity => ({
          name: String(entity.metadata.name),
          type: String(entity.spec?.type),
        })),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
}
