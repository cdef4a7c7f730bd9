import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fs from 'fs-extra';
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

const referenced = (blocks: unknown, pattern: RegExp) =>
  [...JSON.stringify(blocks ?? {}).matchAll(pattern)].map(m => m.slice(1));

/**
 * What `terraform validate` would catch in how the generated modules fit together, which cannot run here
 * (providers cannot be downloaded): every var., local., module. and data. reference is declared, every module
 * call passes exactly the variables its module declares (all the required ones), every module output read
 * exists, every environment's tfvars sets only declared variables and every required one except those named
 * in `suppliedAtPlan`, and the backend takes its settings from the environment's .tfbackend file.
 */
export async function terraformWiringProblems(
  files: Map<string, Buffer>,
  suppliedAtPlan: string[] = [],
) {
  const problems: string[] = [];
  const modules = await parseTerraform(
    new Map([...files].filter(([f]) => f.endsWith('.tf'))),
  );
  const names = (blocks: unknown) => Object.keys(blocks ?? {});
  for (const [dir, mod] of modules) {
    const { variable, output, module: calls, data, resource, locals } = mod;
    const body = { calls, data, resource, locals, output };
    // Unlabelled blocks (locals, terraform) come out of parseTerraform keyed by index.
    const localNames = Object.values<object>(locals ?? {}).flatMap(l =>
      Object.keys(l),
    );
    for (const [v] of referenced(body, /\bvar\.([a-z0-9_]+)/g)) {
      if (!variable?.[v]) problems.push(`${dir}: var.${v} is not declared`);
    }
    for (const [l] of referenced(body, /\blocal\.([a-z0-9_]+)/g)) {
      if (!localNames.includes(l))
        problems.push(`${dir}: local.${l} is not declared`);
    }
    for (const [type, name] of referenced(
      body,
      /\bdata\.([a-z0-9_]+)\.([a-z0-9_]+)/g,
    )) {
      if (!data?.[type]?.[name])
        problems.push(`${dir}: data.${type}.${name} is not declared`);
    }
    for (const [type, name] of referenced(
      body,
      /(?<![.\w])(aws_[a-z0-9_]+)\.([a-z0-9_]+)\./g,
    )) {
      if (!resource?.[type]?.[name])
        problems.push(`${dir}: resource ${type}.${name} is not declared`);
    }
    for (const [call, read] of referenced(
      body,
      /\bmodule\.([a-z0-9_]+)(?:\[[^\]]*\])?\.([a-z0-9_]+)/g,
    )) {
      const source = calls?.[call]?.[0]?.source;
      const target = source && modules.get(path.posix.join(dir, source));
      if (!target?.output?.[read])
        problems.push(`${dir}: module.${call}.${read} is not an output`);
    }
    for (const [call, [args]] of Object.entries<any>(calls ?? {})) {
      const target = modules.get(path.posix.join(dir, args.source));
      if (!target) {
        problems.push(`${dir}: module ${call} has no module at ${args.source}`);
        continue;
      }
      const meta = ['source', 'count', 'for_each', 'providers', 'depends_on'];
      const passed = names(args).filter(a => !meta.includes(a));
      for (const a of passed.filter(p => !target.variable?.[p])) {
        problems.push(`${dir}: module ${call} passes unknown argument ${a}`);
      }
      for (const [v, [decl]] of Object.entries<any>(target.variable ?? {})) {
        if (!('default' in decl) && !passed.includes(v))
          problems.push(`${dir}: module ${call} does not pass required ${v}`);
      }
    }
  }

  const root = modules.get('terraform');
  if (root) {
    const backend = Object.values<any>(root.terraform ?? {}).find(
      t => t.backend,
    )?.backend;
    if (JSON.stringify(backend) !== JSON.stringify({ s3: [{}] }))
      problems.push('terraform: the backend must be an empty s3 block');
    const required = Object.entries<any>(root.variable ?? {})
      .filter(([, [decl]]) => !('default' in decl))
      .map(([v]) => v)
      .filter(v => !suppliedAtPlan.includes(v));
    for (const env of ['prod', 'staging']) {
      const tfvarsFile = `terraform/envs/${env}.tfvars`;
      if (!files.has(tfvarsFile)) {
        problems.push(`${tfvarsFile} is missing`);
        continue;
      }
      const tfvars = await parseHcl(tfvarsFile, text(files, tfvarsFile));
      for (const v of names(tfvars).filter(n => !root.variable?.[n]))
        problems.push(`${tfvarsFile} sets undeclared ${v}`);
      for (const v of required.filter(n => !(n in tfvars)))
        problems.push(`${tfvarsFile} does not set required ${v}`);
      if (tfvars.environment !== env)
        problems.push(`${tfvarsFile} sets environment ${tfvars.environment}`);
      const backendFile = `terraform/envs/${env}.s3.tfbackend`;
      if (!files.has(backendFile)) problems.push(`${backendFile} is missing`);
    }
  }
  return problems;
}

/** Files that Terraform's own formatter would change (`terraform fmt -check`), run on a copy of the generated files. */
export async function terraformFmtProblems(files: Map<string, Buffer>) {
  const version = spawnSync('terraform', ['version']);
  if (version.error || version.status !== 0) {
    throw new Error(
      'terraform is not on PATH: install Terraform >= 1.11 (see shared/TOOLCHAIN.md and scripts/setup.sh)',
    );
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tf-fmt-'));
  try {
    for (const file of terraformFiles(files).filter(
      f => !f.endsWith('.tfbackend'),
    )) {
      await fs.outputFile(path.join(dir, file), files.get(file)!);
    }
    const run = spawnSync(
      'terraform',
      ['fmt', '-check', '-recursive', '-list=true', '-no-color'],
      { cwd: dir, encoding: 'utf8' },
    );
    if (run.status !== 0 && !run.stdout.trim()) {
      throw new Error(`terraform fmt failed: ${run.stderr}`);
    }
    return run.stdout.split('\n').filter(Boolean).sort();
  } finally {
    await fs.remove(dir);
  }
}
