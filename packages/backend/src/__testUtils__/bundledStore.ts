import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { loadStoreServices } from '@internal/backstage-plugin-aws-ops-demo';
import fs from 'node:fs/promises';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

/** The repository root. */
export const REPO = path.resolve(__dirname, '../../../..');

/** The entity as the catalog emits it from `file`: with its origin location and its owner relation. */
export const fromFile =
  (file: string) =>
  (entity: Entity): Entity => ({
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_ORIGIN_LOCATION]: `file:${file}`,
      },
    },
    ...(typeof entity.spec?.owner === 'string'
      ? {
          relations: [
            {
              type: RELATION_OWNED_BY,
              targetRef: stringifyEntityRef(
                parseEntityRef(entity.spec.owner, {
                  defaultKind: 'group',
                  defaultNamespace: 'default',
                }),
              ),
            },
          ],
        }
      : {}),
  });

/** The entities of a catalog file of the repository, as the catalog emits them. */
export async function entitiesOf(file: string): Promise<Entity[]> {
  return parseAllDocuments(await fs.readFile(file, 'utf8'))
    .map(doc => doc.toJS() as Entity)
    .filter(Boolean)
    .map(fromFile(file));
}

/**
 * The bundled store's catalog: every store service's entities from its
 * `catalog-info.yaml` and the org; with `systemsAndApis`, the domains,
 * systems and API entities of `catalog/` too.
 */
export async function bundledStoreEntities(
  options: { systemsAndApis?: boolean } = {},
): Promise<Entity[]> {
  const services = await loadStoreServices(path.join(REPO, 'store-services'));
  const catalogDir = path.join(REPO, 'catalog');
  const files = [path.join(catalogDir, 'org.yaml')];
  if (options.systemsAndApis) {
    files.push(path.join(catalogDir, 'domains-systems.yaml'));
    for (const file of await fs.readdir(path.join(catalogDir, 'apis'))) {
      files.push(path.join(catalogDir, 'apis', file));
    }
  }
  return [
    ...services.flatMap(s =>
      s.entities.map(
        fromFile(
          path.join(REPO, 'store-services', s.name, 'catalog-info.yaml'),
        ),
      ),
    ),
    ...(await Promise.all(files.map(entitiesOf))).flat(),
  ];
}

/** app-config.yaml as the repository has it. */
export async function readAppConfig(): Promise<any> {
  return parse(await fs.readFile(path.join(REPO, 'app-config.yaml'), 'utf8'));
}

/**
 * The `inbestment` and `awsOps` config of app-config.yaml as the embedded
 * default runs it (the demo scenario), with its paths made absolute: the
 * store's reviewed catalog files are relative to packages/backend, where the
 * backend runs.
 */
export function embeddedDemoConfig(appConfig: any) {
  return {
    inbestment: {
      catalogFiles: appConfig.inbestment.catalogFiles.map((glob: string) =>
        path.resolve(REPO, 'packages/backend', glob),
      ),
    },
    awsOps: {
      ...appConfig.awsOps,
      demo: {
        ...appConfig.awsOps.demo,
        storeServicesDir: path.join(REPO, 'store-services'),
      },
    },
  };
}
