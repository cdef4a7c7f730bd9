import path from 'node:path';
import fs from 'fs-extra';
import git from 'isomorphic-git';
import request from 'supertest';
import { startScaffolder } from './__testUtils__/harness';

// Starting the scaffolder backend and its dry-runs takes seconds on the test machine's two shared cores.
jest.setTimeout(120_000);

let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;

beforeAll(async () => {
  scaffolder = await startScaffolder();
});

afterAll(async () => {
  await scaffolder?.stop();
});

const VALID = {
  name: 'loyalty-service',
  description: 'Loyalty points for customers.',
  owner: 'group:default/team-commerce',
  system: 'system:default/commerce',
  pipeline: 'github-actions',
  deploymentStrategy: 'canary',
  terraform: true,
};

async function startTask(template: string, values: object) {
  return request(scaffolder.server)
    .post('/api/scaffolder/v2/tasks')
    .send({ templateRef: `template:default/${template}`, values });
}

async function waitForTask(id: string) {
  for (;;) {
    const res = await request(scaffolder.server).get(
      `/api/scaffolder/v2/tasks/${id}`,
    );
    if (['completed', 'failed', 'cancelled'].includes(res.body.status)) {
      const events = await request(scaffolder.server).get(
        `/api/scaffolder/v2/tasks/${id}/events`,
      );
      const log = events.body.map((e: any) => e.body.message ?? '').join('\n');
      const completion = events.body.find((e: any) => e.type === 'completion');
      return { ...res.body, log, completion: completion?.body };
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

const publishedRepos = () => fs.readdir(scaffolder.publishDir);

describe('bad input is rejected with a clear message and nothing is written', () => {
  it.each([
    ['a path traversal', { name: '../etc-service' }, 'name'],
    ['a shell metacharacter', { name: 'cart;rm-service' }, 'name'],
    ['upper case', { name: 'Loyalty-service' }, 'name'],
    ['a name too long', { name: `${'x'.repeat(30)}-service` }, 'name'],
    [
      'a shell metacharacter in the description',
      { description: 'ok $(reboot)' },
      'description',
    ],
    [
      'an owner outside the default namespace',
      { owner: 'group:../team-commerce' },
      'owner',
    ],
  ])('%s', async (_label, override, field) => {
    const res = await startTask('backend-service', { ...VALID, ...override });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.property)).toContain(
      `instance.${field}`,
    );
    expect(await publishedRepos()).toEqual([]);
  });

  it.each([
    [
      'an owner that does not exist',
      { owner: 'group:default/team-nobody' },
      'Owner "group:default/team-nobody" is not a team in the catalog',
    ],
    [
      'an owner group that is not a team',
      { owner: 'group:default/auditors' },
      'Owner "group:default/auditors" is not a team in the catalog',
    ],
    [
      'a name that is taken',
      { name: 'cart-service' },
      '"cart-service" already exists in the catalog (component:default/cart-service), owned by team-commerce; choose another name.',
    ],
    [
      'a system that does not exist',
      { system: 'system:default/nowhere' },
      'System "system:default/nowhere" does not exist in the catalog',
    ],
  ])('%s', async (_label, override, message) => {
    const res = await startTask('backend-service', { ...VALID, ...override });
    expect(res.status).toBe(201);
    const task = await waitForTask(res.body.id);
    expect(task.status).toBe('failed');
    expect(task.log).toContain(message);
    expect(await publishedRepos()).toEqual([]);
  });
});

describe('a full run in the embedded default', () => {
  it('publishes a git repository whose catalog-info.yaml names the new component', async () => {
    const started = Date.now();
    const res = await startTask('backend-service', VALID);
    const task = await waitForTask(res.body.id);
    process.stdout.write(
      `Full backend-service run: ${Date.now() - started} ms\n`,
    );
    expect(task.status).toBe('completed');

    const repo = path.join(scaffolder.publishDir, 'loyalty-service');
    const [commit] = await git.log({ fs, dir: repo, ref: 'main' });
    expect(commit.commit.message).toContain(`Backstage-Task: ${res.body.id}`);
    const files = await git.listFiles({ fs, dir: repo, ref: 'main' });
    expect(files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        '.github/workflows/ci-cd.yml',
        'deploy/rollout.sh',
        'terraform/modules/ecr/main.tf',
        'src/main/java/com/inbestment/loyalty/Application.java',
      ]),
    );
    // The catalog registers it (catalog-backend-module-inbestment); the task ends once the catalog lists both
    // entities of its catalog-info.yaml, and links to the component.
    expect(task.log).toContain(
      'The catalog lists component:default/loyalty-service, api:default/loyalty-service-api',
    );
    expect(task.completion.output.links).toContainEqual(
      expect.objectContaining({
        entityRef: 'component:default/loyalty-service',
      }),
    );
  });

  it('adds a pipeline to an existing component on a branch', async () => {
    const res = await startTask('cicd-pipeline', {
      component: 'component:default/cart-service',
      pipeline: 'codebuild',
      deploymentStrategy: 'blue-green',
    });
    const task = await waitForTask(res.body.id);
    expect(task.status).toBe('completed');
    const repo = path.join(scaffolder.publishDir, 'cart-service');
    const files = await git.listFiles({
      fs,
      dir: repo,
      ref: 'backstage/codebuild-pipeline',
    });
    expect(files).toEqual(
      expect.arrayContaining([
        'buildspec.yml',
        'ci/codepipeline.tf',
        'deploy/rollout.sh',
      ]),
    );
    // main is untouched until the branch is merged.
    expect(await git.listFiles({ fs, dir: repo, ref: 'main' })).toEqual([]);
  });
});
