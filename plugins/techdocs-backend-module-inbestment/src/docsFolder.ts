import { isChildPath } from '@backstage/backend-plugin-api';
import fs from 'fs/promises';
import path from 'path';
import {
  checkMkdocsConfig,
  maxConfigBytes,
  MkdocsViolation,
} from './mkdocsConfig';

/** The config file names Backstage's generator looks for (it prefers mkdocs.yaml); both are checked. */
export const mkdocsConfigFileNames = ['mkdocs.yaml', 'mkdocs.yml'];

/** Whether the path exists, as a file, folder or symlink (not followed). */
export async function exists(file: string) {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return false;
    }
    throw error;
  }
}

/** Whether `target`, with every symlink on its way resolved (dangling ones too), is inside `base`; a symlink loop is not. */
function staysInside(base: string, target: string) {
  try {
    return isChildPath(base, target);
  } catch {
    return false;
  }
}

/** Symlinks under `dir`, without following any. */
async function findSymlinks(dir: string): Promise<string[]> {
  const links: string[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isSymbolicLink()) {
      links.push(entryPath);
    } else if (entry.isDirectory()) {
      links.push(...(await findSymlinks(entryPath)));
    }
  }
  return links;
}

/** The docs folder must be inside the entity's folder, and no symlink in it may lead out of it. */
async function checkDocsDir(
  inputDir: string,
  docsDirSetting: string,
): Promise<MkdocsViolation[]> {
  const docsDir = path.resolve(inputDir, docsDirSetting);
  if (path.isAbsolute(docsDirSetting) || !staysInside(inputDir, docsDir)) {
    return [
      {
        setting: 'docs_dir',
        reason: "it must be a folder inside the entity's folder",
      },
    ];
  }
  const stats = await fs.stat(docsDir).catch(() => undefined);
  if (!stats?.isDirectory()) {
    return []; // mkdocs reports a missing docs folder itself
  }
  const realDocsDir = await fs.realpath(docsDir);
  return (await findSymlinks(realDocsDir))
    .filter(link => !staysInside(realDocsDir, link))
    .map(link => ({
      setting: path.join(docsDirSetting, path.relative(realDocsDir, link)),
      reason: 'it is a symlink that leads out of the docs folder',
    }));
}

/**
 * Everything in a prepared docs folder that mkdocs must not build with: the
 * config files' settings (see mkdocsConfig.ts), a config file or docs folder
 * that leads out of the entity's folder, and symlinks leaving the docs folder.
 * No violations means mkdocs reads only the config and the docs folder.
 */
export async function findDocsFolderViolations(
  inputDir: string,
): Promise<MkdocsViolation[]> {
  const violations: MkdocsViolation[] = [];
  for (const fileName of mkdocsConfigFileNames) {
    const configPath = path.join(inputDir, fileName);
    if (!(await exists(configPath))) {
      continue; // Backstage writes a default config when there is none
    }
    if (!staysInside(inputDir, configPath)) {
      violations.push({
        setting: fileName,
        reason: "it is a symlink to a file outside the entity's folder",
      });
      continue;
    }
    const file = await fs.stat(configPath).catch(() => undefined);
    if (!file?.isFile() || file.size > maxConfigBytes) {
      violations.push({
        setting: fileName,
        reason: `it must be a file of at most ${maxConfigBytes} bytes`,
      });
      continue;
    }
    const { config, violations: configViolations } = checkMkdocsConfig(
      await fs.readFile(configPath, 'utf8'),
      fileName,
    );
    violations.push(...configViolations);
    if (config) {
      violations.push(
        ...(await checkDocsDir(inputDir, String(config.docs_dir ?? 'docs'))),
      );
    }
  }
  return violations;
}
