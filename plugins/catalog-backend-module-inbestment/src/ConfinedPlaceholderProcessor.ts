import { isChildPath, UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { PlaceholderProcessor } from '@backstage/plugin-catalog-backend';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  PlaceholderResolver,
  PlaceholderResolverParams,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { JsonValue } from '@backstage/types';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { AllowedFiles, readableBy, realPath } from './confinement';

/**
 * The file a placeholder of a `file` location names: a relative path that stays in the folder of the entity's own
 * file (the counterpart of Backstage's "same repository" rule for URLs) and that the catalog may read at all.
 * Checked through symlinks before anything is read, so the answer is the same whether an outside file exists or not.
 */
function placeholderFile(
  { key, value, baseUrl }: PlaceholderResolverParams,
  allowedFiles: AllowedFiles,
) {
  if (
    typeof value !== 'string' ||
    path.isAbsolute(value) ||
    /^[a-z][a-z0-9+.-]*:/i.test(value)
  ) {
    throw new Error(
      `Placeholder $${key} of file:${baseUrl} must be a path relative to that file, not ${JSON.stringify(
        value,
      )}`,
    );
  }
  const folder = path.dirname(baseUrl);
  const file = path.resolve(folder, value);
  if (!isChildPath(folder, file) || !readableBy(allowedFiles)(file)) {
    throw new Error(
      `Placeholder $${key} ${value} of file:${baseUrl} is outside the files the catalog may read`,
    );
  }
  return file;
}

/** A `$text`, `$json` or `$yaml` resolver that reads confined files, parsing them like Backstage's own resolvers. */
function confinedResolver(
  allowedFiles: AllowedFiles,
  parse: (content: string, params: PlaceholderResolverParams) => JsonValue,
): PlaceholderResolver {
  return async params => {
    const file = placeholderFile(params, allowedFiles);
    let content: string;
    try {
      content = await fs.promises.readFile(realPath(file), 'utf8');
    } catch (error) {
      throw new Error(
        `Placeholder $${params.key} could not read ${params.value}, ${error}`,
      );
    }
    params.emit(processingResult.refresh(`file:${file}`));
    return parse(content, params);
  };
}

function parseYaml(content: string, { key, value }: PlaceholderResolverParams) {
  const documents = yaml
    .parseAllDocuments(content, { merge: false })
    .filter(d => d);
  if (documents.length !== 1) {
    throw new Error(
      `Placeholder $${key} expected to find exactly one document of data at ${value}, found ${documents.length}`,
    );
  }
  if (documents[0].errors?.length) {
    throw new Error(
      `Placeholder $${key} found an error in the data at ${value}, ${documents[0].errors[0]}`,
    );
  }
  return documents[0].toJSON();
}

function parseJson(content: string, { key, value }: PlaceholderResolverParams) {
  try {
    return JSON.parse(content);
  } catch (error) {
    throw new Error(
      `Placeholder $${key} failed to parse JSON data at ${value}, ${error}`,
    );
  }
}

/**
 * `$text`, `$json` and `$yaml` for entities read from `file` locations (the store's files and the generated
 * repositories). Backstage resolves these placeholders only through URL readers, so `$text: ./openapi.yaml` in a
 * generated repository could never be processed; production reads the same file from GitHub. Here a placeholder
 * reads a file next to the entity's own, within the files the catalog may read at all (see
 * {@link placeholderFile}). Entities from any other location are left to Backstage's PlaceholderProcessor, which
 * runs after this one (priority 10 < 20) and finds nothing left to resolve in file entities.
 */
export class ConfinedPlaceholderProcessor implements CatalogProcessor {
  private readonly placeholders: PlaceholderProcessor;

  constructor(options: {
    allowedFiles: AllowedFiles;
    /** Needed by Backstage's processor, which walks the entity; the file resolvers here never read URLs. */
    reader: UrlReaderService;
    integrations: ScmIntegrationRegistry;
  }) {
    const { allowedFiles, reader, integrations } = options;
    this.placeholders = new PlaceholderProcessor({
      resolvers: {
        text: confinedResolver(allowedFiles, content => content),
        json: confinedResolver(allowedFiles, parseJson),
        yaml: confinedResolver(allowedFiles, parseYaml),
      },
      reader,
      integrations,
    });
  }

  getProcessorName() {
    return 'ConfinedPlaceholderProcessor';
  }

  getPriority() {
    return 10;
  }

  async preProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (location.type !== 'file') {
      return entity;
    }
    return this.placeholders.preProcessEntity(entity, location, emit);
  }
}
