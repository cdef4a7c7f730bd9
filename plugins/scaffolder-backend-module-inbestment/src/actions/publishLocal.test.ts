import os from 'node:os';
import path from 'node:path';
import fs from 'fs-extra';
import git from 'isomorphic-git';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPublishLocalAction } from './publishLocal';

describe('inbestment:publish:local', () => {
  let root: string;
  let workspacePath: string;

  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'publish-local-'));
    workspacePath = path.join(root, 'workspace');
    await fs.outputFile(
      path.join(workspacePath, 'catalog-info.yaml'),
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: loyalty-service\nspec: {}\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata:\n  name: loyalty-service-api\nspec: {}\n',
    );
    jest.clearAllMocks();
  });

  afterEach(() => fs.remove(root));

  const run = (taskId: string, input: object, extra: object = {}) => {
    // createMockActionContext keeps only the fields it knows, so isDryRun is added afterwards.
    const ctx = {
      ...createMockActionContext({
        workspacePath,
        input: { repoName: 'loyalty-service', register: true, ...input },
        task: { id: taskId },
      }),
      ...extra,
    };
    return createPublishLocalAction({ publishDir: path.join(root, 'repos') })
      .handler(ctx as any)
      .then(() => ctx);
  };

  it('writes nothing in a dry run and claims no commit', async () => {
    const ctx = await run('t1', {}, { isDryRun: true });
    expect(await fs.pathExists(path.join(root, 'repos'))).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/loyalty-service',
    );
    expect(ctx.output).toHaveBeenCalledWith('entityRefs', [
      'component:default/loyalty-service',
      'api:default/loyalty-service-api',
    ]);
    expect(ctx.output).not.toHaveBeenCalledWith(
      'commitHash',
      expect.anything(),
    );
  });

  it('is idempotent when the same task is retried, and refuses another task', async () => {
    const first = await run('t1', {});
    const hash = (first.output as jest.Mock).mock.calls.find(
      ([k]) => k === 'commitHash',
    )[1];
    const retried = await run('t1', {});
    expect(retried.output).toHaveBeenCalledWith('commitHash', hash);
    const repo = path.join(root, 'repos', 'loyalty-service');
    expect(await git.log({ fs, dir: repo, ref: 'main' })).toHaveLength(1);
    // The catalog registers <publishDir>/*/catalog-info.yaml itself; the action names the entity it will find.
    expect(retried.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/loyalty-service',
    );
    expect(await fs.pathExists(path.join(repo, 'catalog-info.yaml'))).toBe(
      true,
    );
    // Nothing but the repository is left in the publish dir (no staging folder).
    expect(await fs.readdir(path.join(root, 'repos'))).toEqual([
      'loyalty-service',
    ]);

    await expect(run('t2', {})).rejects.toThrow(
      'A repository folder named loyalty-service already exists; choose another name.',
    );
  });

  it('commits on a branch and leaves main as it was', async () => {
    await run('t1', {});
    await fs.outputFile(
      path.join(workspacePath, 'buildspec.yml'),
      'version: 0.2\n',
    );
    await run('t2', {
      branch: 'backstage/codebuild-pipeline',
      register: false,
    });
    const repo = path.join(root, 'repos', 'loyalty-service');
    expect(await git.listFiles({ fs, dir: repo, ref: 'main' })).toEqual([
      'catalog-info.yaml',
    ]);
    expect(
      await git.listFiles({
        fs,
        dir: repo,
        ref: 'backstage/codebuild-pipeline',
      }),
    ).toEqual(['buildspec.yml', 'catalog-info.yaml']);
    expect(await fs.pathExists(path.join(repo, 'buildspec.yml'))).toBe(false);
    await expect(
      run('t3', { branch: 'backstage/codebuild-pipeline', register: false }),
    ).rejects.toThrow(
      'Branch backstage/codebuild-pipeline already exists in loyalty-service',
    );
  });
});
