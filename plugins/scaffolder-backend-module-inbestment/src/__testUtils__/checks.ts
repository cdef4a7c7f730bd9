import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { format as formatHcl } from '@cdktf/hcl-tools';
import {
  Entity,
  EntityPolicies,
  DefaultNamespaceEntityPolicy,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';

export const text = (files: Map<string, Buffer>, file: string) => {
  const content = files.get(file);
  if (!content) throw new Error(`${file} was not generated`);
  return content.toString('utf8');
};

export function yamlDocs(content: string, file: string) {
  return parseAllDocuments(content)
    .map(doc => {
      if (doc.errors.length > 0) {
        throw new Error(
          `${file}: ${doc.errors.map(e => e.message).join('; ')}`,
        );
      }
      return doc.toJS();
    })
    .filter(doc => doc !== null);
}

/** Template syntax that must never reach a generated repository. */
export const LEFTOVER_TOKENS = [
  /\$\{\{\s*values\./,
  /\{%-?\s/,
  /\s-?%\}/,
  /\bend(raw|if|for)\b/,
];

const entityPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * Validates catalog-info.yaml the way the catalog does on ingestion, after resolving `$text` placeholders
 * against the generated files (the catalog's placeholder processor does that before validating).
 */
export async function validateCatalogInfo(files: Map<string, Buffer>) {
  const entities = yamlDocs(
    text(files, 'catalog-info.yaml'),
    'catalog-info.yaml',
  ) as Entity[];
  for (const entity of entities) {
    const definition = (entity.spec as { definition?: { $text?: string } })
      ?.definition;
    if (definition?.$text) {
      entity.spec!.definition = text(
        files,
        path.posix.normalize(definition.$text),
      );
    }
    await entityPolicy.enforce(entity);
    const validator =
      entity.kind === 'API'
        ? apiEntityV1alpha1Validator
        : componentEntityV1alpha1Validator;
    if (!(await validator.check(entity))) {
      throw new Error(`${entity.kind} ${entity.metadata.name} is not valid`);
    }
  }
  return entities;
}

export const terraformFiles = (files: Map<string, Buffer>) =>
  [...files.keys()].filter(f => /\.(tf|tfvars|tfbackend)$/.test(f));

/** Parses every Terraform file and merges the blocks per root module directory. */
export async function parseTerraform(files: Map<string, Buffer>) {
  const modules = new Map<string, Record<string, any>>();
  for (const file of terraformFiles(files)) {
    const parsed = await parseHcl(file, text(files, file));
    const dir = path.posix.dirname(file);
    const merged = modules.get(dir) ?? {};
    for (const [blockType, blocks] of Object.entries(parsed)) {
      merged[blockType] ??= {};
      for (const [key, value] of Object.entries(blocks as object)) {
        merged[blockType][key] = Array.isArray(value)
          ? value
          : { ...merged[blockType][key], ...value };
      }
    }
    modules.set(dir, merged);
  }
  return modules;
}

export async function unformattedTerraform(files: Map<string, Buffer>) {
  const bad: string[] = [];
  for (const file of terraformFiles(files)) {
    const content = text(files, file);
    if ((await formatHcl(content)) !== content) bad.push(file);
  }
  return bad;
}
