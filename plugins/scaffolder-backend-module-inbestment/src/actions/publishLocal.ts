import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fs from 'fs-extra';
import git from 'isomorphic-git';
import { parseAllDocuments } from 'yaml';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

const AUTHOR = {
  name: 'Backstage Scaffolder',
  email: 'scaffolder@inbestment.local',
};
const MAIN = 'main';

/** The trailer that lets a retried task recognise the commit it already made. */
const taskTrailer = (taskId: string) => `Backstage-Task: ${taskId}`;

async function headMessage(dir: string, ref: string) {
  try {
    const [commit] = await git.log({ fs, dir, ref, depth: 1 });
    return commit?.commit.message ?? '';
  } catch {
    return undefined; // no such ref
  }
}

async function commitAll(dir: string, message: string) {
  await git.add({ fs, dir, filepath: '.' });
  return git.commit({ fs, dir, message, author: AUTHOR });
}

/** Copies the workspace into the work tree, leaving .git alone. */
async function copyWorkspace(workspacePath: string, dir: string) {
  await fs.copy(workspacePath, dir, {
    filter: src => path.basename(src) !== '.git',
  });
}

export function createPublishLocalAction(options: { publishDir: string }) {
  const { publishDir } = options;
  return createTemplateAction({
    id: 'inbestment:publish:local',
    description:
      "Embedded-default publisher: commits the workspace as a git repository under inbestment.scaffolder.localPublishDir (or, with `branch`, on a new branch of an existing one, the local stand-in for a pull request). The catalog registers each repository's catalog-info.yaml itself (catalog-backend-module-inbestment), within seconds.",
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .regex(
              /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
              'must be a lower-case hyphenated name',
            )
            .max(63)
            .describe('Folder name of the repository'),
        description: z =>
          z.string().optional().describe('Used in the commit message'),
        branch: z =>
          z
            .string()
            .regex(
              /^[a-z0-9]+(?:[/-][a-z0-9]+)*$/,
              'must be lower-case words separated by / or -',
            )
            .optional()
            .describe(
              'Commit on this new branch of an existing repository instead of creating one',
            ),
        register: z =>
          z
            .boolean()
            .default(true)
            .describe(
              "Output the entity refs of the new repository's catalog-info.yaml, which the catalog registers itself",
            ),
      },
      output: {
        remoteUrl: z => z.string(),
        repoContentsUrl: z => z.string(),
        commitHash: z => z.string().optional().describe('Not set in a dry run'),
        entityRef: z =>
          z.string().optional().describe('The first entity, the component'),
        entityRefs: z =>
          z
            .array(z.string())
            .optional()
            .describe('Every entity of catalog-info.yaml'),
      },
    },
    async handler(ctx) {
      const { repoName, branch } = ctx.input;
      const repoDir = resolveSafeChildPath(publishDir, repoName);
      const trailer = taskTrailer(ctx.task.id);
      const message = `${
        branch ? `Add generated files to ${repoName}` : `Create ${repoName}`
      }\n\n${ctx.input.description ?? ''}\n\n${trailer}\n`.replace(
        /\n{3,}/g,
        '\n\n',
      );
      ctx.output('remoteUrl', pathToFileURL(repoDir).href);
      ctx.output('repoContentsUrl', pathToFileURL(repoDir).href);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would commit the workspace to ${repoDir}${
            branch ? ` on branch ${branch}` : ''
          }`,
        );
      } else {
        const commitHash = branch
          ? await commitOnBranch(
              repoDir,
              branch,
              ctx.workspacePath,
              message,
              trailer,
            )
          : await createRepository(
              repoDir,
              ctx.workspacePath,
              message,
              trailer,
            );
        ctx.output('commitHash', commitHash);
        ctx.logger.info(
          `Committed ${commitHash} in ${repoDir}${
            branch ? ` on ${branch}` : ''
          }`,
        );
      }

      if (ctx.input.register && !branch) {
        const refs = await entityRefsOf(
          ctx.isDryRun ? ctx.workspacePath : repoDir,
        );
        ctx.output('entityRef', refs[0]);
        ctx.output('entityRefs', refs);
      }
    },
  });
}

async function createRepository(
  repoDir: string,
  workspacePath: string,
  message: string,
  trailer: string,
) {
  if (await fs.pathExists(repoDir)) {
    const head = await headMessage(repoDir, MAIN);
    if (head?.includes(trailer)) {
      return git.resolveRef({ fs, dir: repoDir, ref: MAIN });
    }
    throw new ConflictError(
      `A repository folder named ${path.basename(
        repoDir,
      )} already exists; choose another name.`,
    );
  }
  // Build next to the target and rename, so a crash never leaves a half-written repository behind. The staging
  // folder is hidden, so the catalog's scan of the publish dir never registers a half-written repository.
  const staging = path.join(
    path.dirname(repoDir),
    `.${path.basename(repoDir)}.partial-${process.pid}`,
  );
  await fs.remove(staging);
  await fs.ensureDir(staging);
  try {
    await git.init({ fs, dir: staging, defaultBranch: MAIN });
    await copyWorkspace(workspacePath, staging);
    const hash = await commitAll(staging, message);
    await fs.rename(staging, repoDir);
    return hash;
  } finally {
    await fs.remove(staging);
  }
}

async function commitOnBranch(
  repoDir: string,
  branch: string,
  workspacePath: string,
  message: string,
  trailer: string,
) {
  if (!(await fs.pathExists(path.join(repoDir, '.git')))) {
    // A component the portal did not create (e.g. the store's existing services): start its local mirror.
    await fs.ensureDir(repoDir);
    await git.init({ fs, dir: repoDir, defaultBranch: MAIN });
    await git.commit({
      fs,
      dir: repoDir,
      message: 'Initial commit',
      author: AUTHOR,
    });
  }
  const existing = await headMessage(repoDir, branch);
  if (existing !== undefined) {
    if (existing.includes(trailer)) {
      return git.resolveRef({ fs, dir: repoDir, ref: branch });
    }
    throw new ConflictError(
      `Branch ${branch} already exists in ${path.basename(
        repoDir,
      )}; merge or delete it first.`,
    );
  }
  await git.branch({ fs, dir: repoDir, ref: branch, checkout: true });
  try {
    await copyWorkspace(workspacePath, repoDir);
    return await commitAll(repoDir, message);
  } finally {
    // Leave the work tree on main, as a reviewer would find it before merging the branch.
    await git.checkout({ fs, dir: repoDir, ref: MAIN, force: true });
  }
}

/** The refs of the entities a repository's catalog-info.yaml declares, component first as written. */
async function entityRefsOf(dir: string) {
  const file = path.join(dir, 'catalog-info.yaml');
  if (!(await fs.pathExists(file))) {
    throw new InputError(
      'The generated repository has no catalog-info.yaml to register.',
    );
  }
  const refs = parseAllDocuments(await fs.readFile(file, 'utf8'))
    .map(doc => doc.toJS())
    .filter(entity => entity?.kind && entity?.metadata?.name)
    .map(
      entity =>
        `${String(entity.kind).toLocaleLowerCase('en-US')}:${
          entity.metadata.namespace ?? 'default'
        }/${entity.metadata.name}`,
    );
  if (refs.length === 0) {
    throw new InputError(
      "The generated repository's catalog-info.yaml declares no entity.",
    );
  }
  return refs;
}
