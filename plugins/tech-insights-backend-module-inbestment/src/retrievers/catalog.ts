import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import { createServiceFactRetriever, ServiceFacts } from './serviceFacts';

/** Where the owning team is paged (docs/annotations.md). */
export const ANNOTATION_ONCALL_CHANNEL = 'inbestment.io/oncall-channel';
/** The annotation that says an entity has TechDocs. */
export const ANNOTATION_TECHDOCS_REF = 'backstage.io/techdocs-ref';

/**
 * A published TechDocs page that is a runbook: an HTML page named
 * `runbook` or `runbooks`, or any page under such a folder, at any depth
 * (`runbook/index.html` from `docs/runbook.md`, `ops/runbooks/db.html`).
 */
export const RUNBOOK_PAGE = /(^|\/)runbooks?(\.html|\/.*\.html)$/i;

/** What the techdocs backend's metadata route answers (techdocs_metadata.json). */
interface TechDocsMetadata {
  site_name?: string;
  build_timestamp?: number;
  files?: string[];
}

/** Reads the published TechDocs file list of an entity as the plugin itself. */
export type TechDocsFilesReader = (
  entity: CompoundEntityRef,
) => Promise<string[] | undefined>;

/**
 * The files of an entity's published TechDocs, from the techdocs backend's
 * `GET /metadata/techdocs/:namespace/:kind/:name` called with a plugin
 * token for `techdocs`. Docs not built or published yet (404) or a metadata
 * file without its `files` list is a read error, not "no runbook".
 *
 * With `buildWhenMissing` (the portal builds docs itself: `techdocs.builder:
 * local`, the embedded default), docs not built yet are built first through
 * the techdocs backend's sync route, as a reader's first visit would, one
 * entity at a time so the builds never pile up on the machine.
 */
export function techDocsFilesReader(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  fetch?: typeof fetch;
  buildWhenMissing?: boolean;
}): TechDocsFilesReader {
  const doFetch = options.fetch ?? fetch;
  let builds: Promise<unknown> = Promise.resolve();
  const call = async (
    route: string,
    { namespace, kind, name }: CompoundEntityRef,
  ) => {
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: await options.auth.getOwnServiceCredentials(),
      targetPluginId: 'techdocs',
    });
    const base = await options.discovery.getBaseUrl('techdocs');
    const path = [namespace, kind, name].map(encodeURIComponent).join('/');
    return doFetch(`${base}/${route}/${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  };
  /** Runs the sync route (a build when the docs are missing) to its end: it streams events until then. */
  const build = (entity: CompoundEntityRef) => {
    const done = builds.then(async () => {
      const response = await call('sync', entity);
      const events = await response.text();
      if (!response.ok || /^event: error/m.test(events)) {
        throw new Error(
          `The TechDocs could not be built: ${
            events.slice(0, 300) || response.status
          }`,
        );
      }
    });
    builds = done.catch(() => undefined);
    return done;
  };
  return async entity => {
    let response = await call('metadata/techdocs', entity);
    if (response.status === 404 && options.buildWhenMissing) {
      await build(entity);
      response = await call('metadata/techdocs', entity);
    }
    if (response.status === 404) {
      throw new Error(
        'The TechDocs are not built and published yet (the techdocs metadata route answers 404)',
      );
    }
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const metadata = (await response.json()) as TechDocsMetadata;
    if (!Array.isArray(metadata.files)) {
      throw new Error(
        'The published TechDocs metadata has no files list (published by an older generator); republish the docs',
      );
    }
    return metadata.files;
  };
}

function refOf(
  target: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof target !== 'string' || !target) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(target, { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

/** The catalog facts of one service: its owner, system, lifecycle, APIs and docs. */
export async function readCatalogFacts(
  entity: Entity,
  options: {
    catalog: CatalogService;
    auth: AuthService;
    techDocsFiles: TechDocsFilesReader;
  },
): Promise<ServiceFacts> {
  const { catalog, auth } = options;
  const namespace = entity.metadata.namespace ?? 'default';
  const ownerRef = refOf(entity.spec?.owner, 'group', namespace);
  const systemRef = refOf(entity.spec?.system, 'system', namespace);
  const apiRefs = (
    Array.isArray(entity.spec?.providesApis) ? entity.spec!.providesApis : []
  ).map(api => refOf(api, 'api', namespace));
  const wanted = [
    ...(ownerRef ? [ownerRef] : []),
    ...(systemRef ? [systemRef] : []),
    ...apiRefs.filter((ref): ref is string => ref !== undefined),
  ];

  const readErrors: Record<string, string> = {};
  const facts: ServiceFacts['facts'] = {};
  const lifecycle = entity.spec?.lifecycle;
  if (typeof lifecycle === 'string' && lifecycle) {
    facts.lifecycle = lifecycle;
  } else {
    readErrors.lifecycle = 'The entity has no spec.lifecycle';
  }

  const [related, files] = await Promise.allSettled([
    wanted.length
      ? catalog.getEntitiesByRefs(
          {
            entityRefs: wanted,
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'metadata.annotations',
              'spec.definition',
            ],
          },
          { credentials: await auth.getOwnServiceCredentials() },
        )
      : Promise.resolve({ items: [] }),
    entity.metadata.annotations?.[ANNOTATION_TECHDOCS_REF]
      ? options.techDocsFiles(getCompoundEntityRef(entity))
      : Promise.resolve(undefined),
  ]);

  if (related.status === 'fulfilled') {
    const byRef = new Map<string, Entity>();
    related.value.items.forEach((item, index) => {
      if (item) byRef.set(wanted[index], item);
    });
    const owner = ownerRef ? byRef.get(ownerRef) : undefined;
    facts.hasGroupOwner = owner?.kind.toLocaleLowerCase('en-US') === 'group';
    facts.ownerHasOncallChannel =
      facts.hasGroupOwner &&
      !!owner?.metadata.annotations?.[ANNOTATION_ONCALL_CHANNEL]?.trim();
    facts.hasSystem = !!systemRef && byRef.has(systemRef);
    facts.hasApiDefinition =
      apiRefs.length > 0 &&
      apiRefs.every(ref => {
        const definition = ref ? byRef.get(ref)?.spec?.definition : undefined;
        return typeof definition === 'string' && definition.trim() !== '';
      });
  } else {
    const reason = `The catalog could not be read: ${String(
      related.reason?.message ?? related.reason,
    )}`;
    for (const fact of [
      'hasGroupOwner',
      'ownerHasOncallChannel',
      'hasSystem',
      'hasApiDefinition',
    ]) {
      readErrors[fact] = reason;
    }
  }

  if (files.status === 'fulfilled') {
    // No TechDocs annotation: no docs, so no runbook.
    facts.hasRunbook = (files.value ?? []).some(file =>
      RUNBOOK_PAGE.test(file),
    );
  } else {
    readErrors.hasRunbook = String(files.reason?.message ?? files.reason);
  }
  return Object.keys(readErrors).length ? { facts, readErrors } : { facts };
}

/**
 * `inbestmentCatalogFacts`: what the catalog and the published TechDocs say
 * about each service's ownership, system, lifecycle, APIs and runbook.
 */
export function createCatalogFactRetriever(options: {
  catalog: CatalogService;
  auth: AuthService;
  discovery: DiscoveryService;
  /** Build docs not built yet (the portal builds docs itself). */
  buildDocsWhenMissing?: boolean;
}): FactRetriever {
  const techDocsFiles = techDocsFilesReader({
    ...options,
    buildWhenMissing: options.buildDocsWhenMissing,
  });
  return createServiceFactRetriever({
    id: 'inbestmentCatalogFacts',
    version: '0.1.0',
    title: 'Catalog ownership and docs',
    description:
      "The service's owner group and its on-call channel, its system, lifecycle, API definitions and runbook page",
    catalog: options.catalog,
    schema: {
      hasGroupOwner: {
        type: 'boolean',
        description: 'spec.owner resolves to a Group in the catalog',
      },
      hasSystem: {
        type: 'boolean',
        description: 'spec.system is set and that System exists',
      },
      lifecycle: { type: 'string', description: 'spec.lifecycle' },
      ownerHasOncallChannel: {
        type: 'boolean',
        description: `The owner group has the ${ANNOTATION_ONCALL_CHANNEL} annotation`,
      },
      hasRunbook: {
        type: 'boolean',
        description:
          'The published TechDocs have a runbook page (runbook.md, runbooks/…)',
      },
      hasApiDefinition: {
        type: 'boolean',
        description:
          'Provides at least one API and every provided API entity has a non-empty spec.definition',
      },
    },
    read: entity =>
      readCatalogFacts(entity, {
        catalog: options.catalog,
        auth: options.auth,
        techDocsFiles,
      }),
  });
}
