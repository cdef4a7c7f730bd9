import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fs from 'fs-extra';
import Ajv from 'ajv';
import { validateWorkflow } from '@action-validator/core';
import {
  DryRunResult,
  GOLDEN_DIR,
  dryRun,
  startScaffolder,
} from './__testUtils__/harness';
import {
  parseTerraform,
  text,
  unformattedTerraform,
  yamlDocs,
} from './__testUtils__/checks';

// The generated CI/CD pipelines (templates/shared/pipeline): every workflow and buildspec is validated, and the gitflow
// rules of templates/README.md ("CI/CD pipelines") are walked from the rendered files, running their shell steps with
// stand-ins for AWS and the deploy scripts.
jest.setTimeout(240_000);

type Case = { template: string; name: string; values: Record<string, any> };
// Every golden case that generates a pipeline: both pipelines for a service and for a micro-frontend.
const CASES: Case[] = fs
  .readdirSync(GOLDEN_DIR)
  .flatMap(template =>
    fs.readdirSync(path.join(GOLDEN_DIR, template)).map(name => ({
      template,
      name,
      values: fs.readJsonSync(
        path.join(GOLDEN_DIR, template, name, 'input.json'),
      ),
    })),
  )
  .filter(c => ['github-actions', 'codebuild'].includes(c.values.pipeline));

const results = new Map<string, DryRunResult>();
const result = (c: Case) => results.get(`${c.template}/${c.name}`)!;
const isService = (c: Case) =>
  result(c).files.has('deploy/rollout.sh') || c.template === 'backend-service';

beforeAll(async () => {
  const scaffolder = await startScaffolder();
  try {
    for (const c of CASES) {
      const rendered = await dryRun(scaffolder.server, c.template, c.values);
      if (rendered.status !== 200) {
        throw new Error(
          `${c.template}/${c.name}: dry-run answered ${rendered.status}`,
        );
      }
      results.set(`${c.template}/${c.name}`, rendered);
    }
  } finally {
    await scaffolder.stop();
  }
}, 240_000);

const githubCases = CASES.filter(c => c.values.pipeline === 'github-actions');
const codebuildCases = CASES.filter(c => c.values.pipeline === 'codebuild');

it('covers both pipelines for services and micro-frontends', () => {
  const kinds = CASES.map(c => `${c.values.pipeline}/${isService(c)}`);
  expect(new Set(kinds)).toEqual(
    new Set([
      'github-actions/true',
      'github-actions/false',
      'codebuild/true',
      'codebuild/false',
    ]),
  );
});

/** shellcheck's findings on a bash script (parse errors included); the runners run these scripts with bash. */
function shellcheckFindings(script: string): string | undefined {
  const checked = spawnSync('shellcheck', ['--shell=bash', '-'], {
    input: script,
    encoding: 'utf8',
  });
  if (checked.error) {
    throw new Error(
      `shellcheck is not installed (${checked.error.message}): apt-get install shellcheck, as scripts/setup.sh does`,
    );
  }
  return checked.status === 0 ? undefined : checked.stdout;
}

/** ${{ }} expressions replaced by a plain word, the way the runner hands the script to bash. */
const withoutExpressions = (script: string) =>
  script.replace(/\$\{\{[^}]*\}\}/g, 'EXPR');

// ------------------------------------------------------------------------------------------------------------------
// GitHub Actions

const workflowOf = (c: Case) => {
  const source = text(result(c).files, '.github/workflows/ci-cd.yml');
  return { source, workflow: yamlDocs(source, 'ci-cd.yml')[0] };
};

describe.each(githubCases)('GitHub Actions workflow of $template/$name', c => {
  it('passes the GitHub Actions workflow schema (action-validator)', () => {
    const { source } = workflowOf(c);
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it('has run steps that pass shellcheck', () => {
    const { workflow } = workflowOf(c);
    for (const [jobName, job] of Object.entries<any>(workflow.jobs)) {
      for (const step of job.steps) {
        if (!step.run) continue;
        expect({
          step: `${jobName}: ${step.name ?? step.run.slice(0, 40)}`,
          findings: shellcheckFindings(withoutExpressions(step.run)),
        }).toEqual(expect.objectContaining({ findings: undefined }));
      }
    }
  });
});

/**
 * Evaluates the GitHub Actions expression language the workflow uses in `if:` (==, !=, &&, ||, !, parentheses,
 * string and boolean literals, startsWith, github.*, inputs.*) for one event.
 */
function evaluate(expression: unknown, context: Record<string, any>): boolean {
  if (expression === undefined) return true;
  if (typeof expression === 'boolean') return expression;
  let source = String(expression).trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(source);
  if (wrapped) source = wrapped[1];
  const tokens =
    source.match(/'(?:[^']|'')*'|[A-Za-z_][\w.-]*|==|!=|&&|\|\||!|\(|\)|,/g) ??
    [];
  // A small recursive-descent reader: or := and ('||' and)*, and := unary ('&&' unary)*, unary := '!' unary | cmp,
  // cmp := atom (('=='|'!=') atom)?, atom := literal | name | startsWith(or, or) | '(' or ')'.
  let at = 0;
  const next = () => tokens[at++];
  const expectToken = (token: string) => {
    if (next() !== token) throw new Error(`expected ${token} in ${source}`);
  };
  const atom = (): unknown => {
    const token = next();
    if (token === undefined) throw new Error(`unexpected end of ${source}`);
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    if (token === 'true' || token === 'false') return token === 'true';
    if (token === '(') {
      const value = or();
      expectToken(')');
      return value;
    }
    if (token === 'startsWith') {
      expectToken('(');
      const text_ = String(or() ?? '');
      expectToken(',');
      const prefix = String(or());
      expectToken(')');
      return text_.toLowerCase().startsWith(prefix.toLowerCase());
    }
    if (/^(github|inputs)\./.test(token)) return context[token];
    throw new Error(`unsupported token ${token} in ${source}`);
  };
  const comparison = (): unknown => {
    const left = atom();
    if (tokens[at] === '==' || tokens[at] === '!=') {
      const equal = next() === '==';
      return (left === atom()) === equal;
    }
    return left;
  };
  const unary = (): unknown => {
    if (tokens[at] === '!') {
      next();
      return !unary();
    }
    return comparison();
  };
  const and = (): unknown => {
    let value = unary();
    while (tokens[at] === '&&') {
      next();
      const right = unary();
      value = value && right;
    }
    return value;
  };
  function or(): unknown {
    let value = and();
    while (tokens[at] === '||') {
      next();
      const right = and();
      value = value || right;
    }
    return value;
  }
  const value = or();
  if (at !== tokens.length) throw new Error(`trailing tokens in ${source}`);
  return Boolean(value);
}

type Run = {
  job: string;
  environment?: string;
  steps: any[];
};

/** Which jobs and steps of the workflow run on a push of `branch` (or another event on it). */
function runsOnPush(
  workflow: any,
  branch: string,
  event: { name: string; rollback?: boolean } = { name: 'push' },
): Run[] {
  const context = {
    'github.ref': `refs/heads/${branch}`,
    'github.event_name': event.name,
    'inputs.rollback': event.rollback,
  };
  const ran = new Set<string>();
  const runs: Run[] = [];
  for (const [name, job] of Object.entries<any>(workflow.jobs)) {
    const needs: string[] = [job.needs ?? []].flat();
    // Without a status function in `if`, a job runs only when all it needs succeeded.
    if (!needs.every(n => ran.has(n)) || !evaluate(job.if, context)) continue;
    ran.add(name);
    runs.push({
      job: name,
      environment: job.environment,
      steps: job.steps.filter((s: any) => evaluate(s.if, context)),
    });
  }
  return runs;
}

const commands = (run: Run) => run.steps.map(s => s.run ?? '').join('\n');
const builds = (run: Run) =>
  /docker build|mvn |npm run build/.test(commands(run));
const pushes = (run: Run) => /docker push/.test(commands(run));
const deploysTo = (run: Run) =>
  [
    ...commands(run).matchAll(
      /deploy\/(?:rollout|release)\.sh deploy (staging|prod)\b/g,
    ),
  ].map(m => m[1]);

describe.each(githubCases)('gitflow of the workflow of $template/$name', c => {
  const summary = (branch: string) => {
    const runs = runsOnPush(workflowOf(c).workflow, branch);
    return {
      jobs: runs.map(r => r.job),
      builds: runs.some(builds),
      pushesImage: runs.some(pushes),
      deploysTo: runs.flatMap(deploysTo),
      environments: runs.map(r => r.environment).filter(Boolean),
    };
  };

  it('feature branches build and test only, and push nothing to ECR', () => {
    expect(summary('feature/x')).toEqual({
      jobs: ['build'],
      builds: true,
      pushesImage: false,
      deploysTo: [],
      environments: [],
    });
  });

  it.each(['develop', 'release/1.2', 'hotfix/1.2.1'])(
    '%s builds once and deploys to staging',
    branch => {
      expect(summary(branch)).toEqual({
        jobs: ['build', 'deploy-staging'],
        builds: true,
        pushesImage: isService(c),
        deploysTo: ['staging'],
        environments: ['staging'],
      });
    },
  );

  it('main builds nothing and deploys to production', () => {
    expect(summary('main')).toEqual({
      jobs: ['deploy-prod'],
      builds: false,
      pushesImage: false,
      deploysTo: ['prod'],
      environments: ['production'],
    });
  });

  it('a manual rollback on main only rolls production back', () => {
    const runs = runsOnPush(workflowOf(c).workflow, 'main', {
      name: 'workflow_dispatch',
      rollback: true,
    });
    expect(runs.map(r => r.job)).toEqual(['deploy-prod']);
    expect(
      runs[0].steps.filter(s => s.run).map(s => s.run.split(' ').slice(0, 3)),
    ).toEqual([
      ['echo', '"version=$(git', 'rev-parse'],
      [`deploy/${isService(c) ? 'rollout' : 'release'}.sh`, 'rollback', 'prod'],
    ]);
  });

  it('assumes the deploy role of each environment through OIDC', () => {
    const { workflow } = workflowOf(c);
    expect(workflow.permissions['id-token']).toBe('write');
    for (const job of ['deploy-staging', 'deploy-prod']) {
      const credentials = workflow.jobs[job].steps.filter((s: any) =>
        String(s.uses).startsWith('aws-actions/configure-aws-credentials@'),
      );
      // The variable comes from the job's GitHub environment: a different role in each account.
      expect(credentials.map((s: any) => s.with['role-to-assume'])).toEqual([
        '${{ vars.DEPLOY_ROLE_ARN }}',
      ]);
      expect(workflow.jobs[job].environment).toBeTruthy();
    }
  });

  it('deploys to production the very release a staging run deployed', () => {
    const { workflow } = workflowOf(c);
    const staging = runsOnPush(workflow, 'release/1.2').find(
      r => r.job === 'deploy-staging',
    )!;
    const prod = runsOnPush(workflow, 'main').find(
      r => r.job === 'deploy-prod',
    )!;
    const upload = staging.steps.find((s: any) =>
      String(s.uses).startsWith('actions/upload-artifact@'),
    );
    const download = prod.steps.find((s: any) =>
      String(s.uses).startsWith('actions/download-artifact@'),
    );
    // The staging run publishes what it deployed; the prod job fetches it from that run (run-id), not from its own.
    expect(upload.with.name).toBe('staged-${{ needs.build.outputs.version }}');
    expect(download.with.name).toBe(
      'staged-${{ steps.version.outputs.version }}',
    );
    expect(download.with['run-id']).toBe('${{ steps.staged.outputs.run-id }}');
    // Both versions name the same thing: the source tree (main's merge of release/1.2 has the tree staging ran).
    const versionStep = (steps: any[]) =>
      steps.find((s: any) => s.id === 'version').run;
    expect(versionStep(prod.steps)).toBe(
      versionStep(workflow.jobs.build.steps),
    );

    // Run the staging deploy and record steps, then the prod deploy step, with the deploy script stood in for.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitflow-'));
    try {
      const log = path.join(work, 'deploys.log');
      fs.outputFileSync(
        path.join(work, `deploy/${isService(c) ? 'rollout' : 'release'}.sh`),
        `#!/bin/sh\necho "$*" >> ${log}\n`,
        { mode: 0o755 },
      );
      const outputs: Record<string, string> = {
        'needs.build.outputs.version': '3f2a9c1d0b7e',
        'needs.build.outputs.digest':
          'sha256:4b1d1e7c6a0f5e2d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d',
      };
      const runStep = (step: any) => {
        const script = step.run.replace(
          /\$\{\{\s*([^}]*?)\s*\}\}/g,
          (_: string, expr: string) => {
            if (!(expr in outputs)) throw new Error(`no value for ${expr}`);
            return outputs[expr];
          },
        );
        const ran = spawnSync('bash', ['-e', '-c', script], {
          cwd: work,
          encoding: 'utf8',
          env: { ...process.env, STRATEGY: c.values.deploymentStrategy },
        });
        expect({ script, stderr: ran.stderr, status: ran.status }).toEqual(
          expect.objectContaining({ status: 0 }),
        );
      };
      for (const step of staging.steps.filter((s: any) => s.run)) runStep(step);
      const record = fs.readJsonSync(path.join(work, 'release.json'));
      // The artifact crosses from the staging run to the prod job as it is (download-artifact).
      for (const step of prod.steps.filter(
        (s: any) => s.run && /deploy\/\w+\.sh deploy/.test(s.run),
      ))
        runStep(step);
      const [stagingDeploy, prodDeploy] = fs
        .readFileSync(log, 'utf8')
        .trim()
        .split('\n');
      const version = outputs['needs.build.outputs.version'];
      const digest = outputs['needs.build.outputs.digest'];
      // Services ship the image by digest (and its tree tag); micro-frontends the dist the artifact carries.
      const expected = isService(c)
        ? {
            record: { version, digest },
            stagingDeploy: `deploy staging ${version}@${digest} rolling`,
            prodDeploy: `deploy prod ${version}@${digest} ${c.values.deploymentStrategy}`,
            carriesDist: false,
          }
        : {
            record: { version },
            stagingDeploy: `deploy staging ${version}`,
            prodDeploy: `deploy prod ${version}`,
            carriesDist: true,
          };
      expect({
        record,
        stagingDeploy,
        prodDeploy,
        carriesDist: String(upload.with.path).includes('dist/'),
      }).toEqual(expected);
    } finally {
      fs.removeSync(work);
    }
  });
});

// ------------------------------------------------------------------------------------------------------------------
// CodeBuild / CodePipeline

/** The buildspec 0.2 structure (docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html). */
const commandList = { type: 'array', items: { type: 'string' } };
const phase = {
  type: 'object',
  additionalProperties: false,
  properties: {
    'run-as': { type: 'string' },
    'on-failure': {
      type: 'string',
      enum: ['ABORT', 'CONTINUE', 'RETRY'],
    },
    'runtime-versions': {
      type: 'object',
      additionalProperties: { type: ['string', 'number'] },
    },
    commands: commandList,
    finally: commandList,
  },
};
const BUILDSPEC_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'phases'],
  properties: {
    version: { const: 0.2 },
    'run-as': { type: 'string' },
    env: {
      type: 'object',
      additionalProperties: false,
      properties: {
        shell: { enum: ['bash', '/bin/sh'] },
        variables: {
          type: 'object',
          additionalProperties: { type: 'string' },
        },
        'parameter-store': { type: 'object' },
        'secrets-manager': { type: 'object' },
        'exported-variables': commandList,
        'git-credential-helper': { enum: ['yes', 'no'] },
      },
    },
    proxy: { type: 'object' },
    batch: { type: 'object' },
    phases: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        install: phase,
        pre_build: phase,
        build: phase,
        post_build: phase,
      },
    },
    reports: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        required: ['files'],
        properties: {
          files: commandList,
          'base-directory': { type: 'string' },
          'discard-paths': { enum: ['yes', 'no'] },
          'file-format': { type: 'string' },
        },
      },
    },
    artifacts: {
      type: 'object',
      properties: {
        files: commandList,
        name: { type: 'string' },
        'discard-paths': { enum: ['yes', 'no'] },
        'base-directory': { type: 'string' },
        'exclude-paths': commandList,
        'enable-symlinks': { enum: ['yes', 'no'] },
        's3-prefix': { type: 'string' },
        'secondary-artifacts': { type: 'object' },
      },
      additionalProperties: false,
    },
    cache: {
      type: 'object',
      additionalProperties: false,
      properties: { paths: commandList, key: { type: 'string' } },
    },
  },
};
const validateBuildspec = new Ajv({ allErrors: true }).compile(
  BUILDSPEC_SCHEMA,
);
const BUILDSPECS = ['buildspec.yml', 'buildspec-deploy.yml'];

describe.each(codebuildCases)('CodeBuild pipeline of $template/$name', c => {
  it.each(BUILDSPECS)('%s has the buildspec 0.2 structure', file => {
    const buildspec = yamlDocs(text(result(c).files, file), file)[0];
    validateBuildspec(buildspec);
    expect(validateBuildspec.errors ?? []).toEqual([]);
  });

  it.each(BUILDSPECS)(
    '%s has commands that pass shellcheck, as one bash script',
    file => {
      const buildspec = yamlDocs(text(result(c).files, file), file)[0];
      expect(buildspec.env.shell).toBe('bash');
      // CodeBuild runs the commands of all phases in one shell, in phase order.
      const script = ['install', 'pre_build', 'build', 'post_build']
        .flatMap(name => buildspec.phases[name]?.commands ?? [])
        .join('\n');
      expect(shellcheckFindings(script)).toBeUndefined();
    },
  );

  it('installs kustomize and kubectl pinned and checksummed for services, Chromium for micro-frontends', () => {
    const deploy = yamlDocs(
      text(result(c).files, 'buildspec-deploy.yml'),
      'buildspec-deploy.yml',
    )[0];
    const build = yamlDocs(
      text(result(c).files, 'buildspec.yml'),
      'buildspec.yml',
    )[0];
    const deployInstall = (deploy.phases.install?.commands ?? []).join('\n');
    const buildInstall = (build.phases.install?.commands ?? []).join('\n');
    const checks = {
      kustomizePinned:
        /^5\.\d+\.\d+$/.test(deploy.env.variables.KUSTOMIZE_VERSION ?? '') &&
        /^[0-9a-f]{64}$/.test(deploy.env.variables.KUSTOMIZE_SHA256 ?? '') &&
        /KUSTOMIZE_SHA256.*sha256sum -c/.test(deployInstall),
      kubectlChecked: /kubectl\.sha256.*sha256sum -c/.test(deployInstall),
      chromium:
        /apt-get install .*chromium/.test(buildInstall) &&
        build.phases.build.commands
          .join('\n')
          .includes('CHROME_BIN=/usr/bin/chromium npm run test:ci'),
    };
    expect(checks).toEqual({
      kustomizePinned: isService(c),
      kubectlChecked: isService(c),
      chromium: !isService(c),
    });
  });

  it('keeps the pipeline state in S3 and passes terraform fmt', async () => {
    const files = new Map(
      [...result(c).files].filter(([f]) => f.startsWith('ci/')),
    );
    expect(await unformattedTerraform(files)).toEqual([]);
    const ci = (await parseTerraform(files)).get('ci')!;
    expect(ci.terraform[0].backend.s3[0]).toMatchObject({
      key: expect.stringMatching(
        /^components\/[a-z0-9-]+\/ci\/terraform\.tfstate$/,
      ),
      bucket: 'inbestment-terraform-state',
      use_lockfile: true,
      encrypt: true,
    });
  });

  it('walks gitflow: feature builds only, staging lanes build once and deploy, main only promotes', async () => {
    const ci = (await parseTerraform(result(c).files)).get('ci')!;
    const lanes = ci.locals[0].lanes;
    const glob = (pattern: string) =>
      new RegExp(
        `^${pattern
          .replace(/[.+^$()|[\]\\]/g, '\\$&')
          .replace(/\*\*/g, '\uFFFF')
          .replace(/\*/g, '[^/]*')
          .replace(/\uFFFF/g, '.*')}$`,
      );
    const laneOf = (branch: string) =>
      Object.entries<any>(lanes).filter(([, lane]) =>
        lane.branches.some((b: string) => glob(b).test(branch)),
      );
    const walk = (branch: string) =>
      laneOf(branch).map(([name, lane]) => ({
        lane: name,
        build: lane.build,
        push: lane.push,
        deploy: lane.deploy?.env ?? null,
      }));
    expect(walk('feature/x')).toEqual([
      { lane: 'feature', build: true, push: false, deploy: null },
    ]);
    for (const branch of ['develop', 'release/1.2', 'hotfix/1.2.1']) {
      expect(walk(branch)).toEqual([
        { lane: 'staging', build: true, push: true, deploy: 'staging' },
      ]);
    }
    expect(walk('main')).toEqual([
      { lane: 'main', build: false, push: false, deploy: 'prod' },
    ]);
    // The lane flags drive the stages, and each deploy assumes its own account's role from a variable.
    const pipeline = ci.resource.aws_codepipeline.lane[0];
    const [buildStage, deployStage] = pipeline.dynamic.stage;
    expect(buildStage.for_each).toBe('${each.value.build ? [each.value] : []}');
    expect(deployStage.content[0].action[0].input_artifacts).toEqual([
      '${each.value.build ? "build" : "source"}',
    ]);
    expect(lanes.staging.deploy.role_arn).toBe(
      '${var.staging_deploy_role_arn}',
    );
    expect(lanes.main.deploy.role_arn).toBe('${var.prod_deploy_role_arn}');
    expect(pipeline.stage[0].action[0].configuration.OutputArtifactFormat).toBe(
      'CODEBUILD_CLONE_REF',
    );
  });

  it('deploys to prod, as the prod role, the release staging recorded for the same source tree', () => {
    const deploy = yamlDocs(
      text(result(c).files, 'buildspec-deploy.yml'),
      'buildspec-deploy.yml',
    )[0];
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codebuild-'));
    try {
      const bin = path.join(work, 'bin');
      const s3 = path.join(work, 's3');
      const log = path.join(work, 'calls.log');
      // Stand-in for the AWS CLI: assume-role answers per-role credentials, s3 works on a folder.
      fs.outputFileSync(
        path.join(bin, 'aws'),
        `#!/bin/bash
set -e
args=(); for a in "$@"; do case "$a" in --only-show-errors) ;; *) args+=("$a") ;; esac; done
set -- "\${args[@]}"
path_of() { echo "${s3}/\${1#s3://}"; }
case "$1 $2" in
  "sts assume-role") echo "{\\"AccessKeyId\\":\\"key-of-$4\\",\\"SecretAccessKey\\":\\"s\\",\\"SessionToken\\":\\"t\\"}" ;;
  "s3 cp")
    if [ "$3" = --recursive ]; then src="$(path_of "$4")"; [ -d "$src" ] && cp -r "$src/." "$5" || true
    else mkdir -p "$(dirname "$(path_of "$4")")"; cp "$3" "$(path_of "$4")"; fi ;;
  "s3 sync") mkdir -p "$(path_of "$4")"; cp -r "$3/." "$(path_of "$4")" ;;
  *) echo "unexpected aws $*" >&2; exit 1 ;;
esac
`,
        { mode: 0o755 },
      );
      const script = isService(c) ? 'rollout' : 'release';
      const deployScript = `#!/bin/sh\necho "$* as $AWS_ACCESS_KEY_ID" >> ${log}\n`;
      const git = (cwd: string, ...args: string[]) => {
        const ran = spawnSync('git', args, { cwd, encoding: 'utf8' });
        if (ran.status !== 0) throw new Error(ran.stderr);
        return ran.stdout.trim();
      };
      // main's checkout: a repository whose tree is the one the release branch built.
      const mainCheckout = path.join(work, 'main');
      fs.outputFileSync(
        path.join(mainCheckout, 'deploy', `${script}.sh`),
        deployScript,
        {
          mode: 0o755,
        },
      );
      const commitAll = (message: string) => {
        git(mainCheckout, 'add', '.');
        git(
          mainCheckout,
          '-c',
          'user.name=t',
          '-c',
          'user.email=t@t',
          'commit',
          '-qm',
          message,
        );
      };
      git(mainCheckout, 'init', '-q');
      commitAll('release 1.2');
      const version = git(mainCheckout, 'rev-parse', 'HEAD^{tree}').slice(
        0,
        12,
      );
      // The staging lane's Deploy input: the build artifact of that tree.
      const stagingInput = path.join(work, 'staging');
      fs.outputFileSync(
        path.join(stagingInput, 'deploy', `${script}.sh`),
        deployScript,
        {
          mode: 0o755,
        },
      );
      const digest = `sha256:${'ab'.repeat(32)}`;
      fs.outputJsonSync(
        path.join(stagingInput, 'release.json'),
        isService(c) ? { version, digest } : { version },
      );
      if (!isService(c))
        fs.outputFileSync(
          path.join(stagingInput, 'dist/browser/remoteEntry.js'),
          'x',
        );

      const runBuildspec = (cwd: string, env: Record<string, string>) => {
        const phases = ['pre_build', 'build', 'post_build']
          .flatMap(p => deploy.phases[p]?.commands ?? [])
          .join('\n');
        return spawnSync('bash', ['-e', '-c', phases], {
          cwd,
          encoding: 'utf8',
          env: {
            ...process.env,
            PATH: `${bin}:${process.env.PATH}`,
            ...deploy.env.variables,
            CODEBUILD_BUILD_NUMBER: '7',
            CODEBUILD_BUILD_SUCCEEDING: '1',
            RELEASES_BUCKET: 'pipeline-artifacts',
            ...env,
          },
        });
      };
      // The Deploy action's variables of each lane (ci/codepipeline.tf).
      const STAGING = {
        DEPLOY_ENV: 'staging',
        DEPLOY_ROLE_ARN: 'staging-deployer',
        ROLLOUT: 'rolling',
      };
      const PROD = {
        DEPLOY_ENV: 'prod',
        DEPLOY_ROLE_ARN: 'prod-deployer',
        ROLLOUT: 'blue-green',
      };
      for (const [cwd, env] of [
        [stagingInput, STAGING],
        [mainCheckout, PROD],
      ] as const) {
        const ran = runBuildspec(cwd, env);
        expect({ stderr: ran.stderr, status: ran.status }).toEqual({
          stderr: '',
          status: 0,
        });
      }
      const deploys = fs.readFileSync(log, 'utf8').trim().split('\n');
      const distPath = path.join(mainCheckout, 'dist/browser/remoteEntry.js');
      // prod ships what staging ran: the image digest, or the dist fetched from the staging record.
      expect({
        deploys,
        prodDist: fs.existsSync(distPath)
          ? fs.readFileSync(distPath, 'utf8')
          : null,
      }).toEqual({
        deploys: isService(c)
          ? [
              `deploy staging ${version}@${digest} rolling as key-of-staging-deployer`,
              `deploy prod ${version}@${digest} blue-green as key-of-prod-deployer`,
            ]
          : [
              `deploy staging ${version} as key-of-staging-deployer`,
              `deploy prod ${version} as key-of-prod-deployer`,
            ],
        prodDist: isService(c) ? null : 'x',
      });

      // A main whose tree staging never ran is refused before anything deploys.
      fs.outputFileSync(path.join(mainCheckout, 'unreleased.txt'), 'y');
      commitAll('direct push');
      fs.removeSync(path.join(mainCheckout, 'release.json'));
      const unreleased = runBuildspec(mainCheckout, PROD);
      expect(unreleased.status).not.toBe(0);
      expect(unreleased.stderr).toMatch(/staging never ran source tree/);
      expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(2);
    } finally {
      fs.removeSync(work);
    }
  });
});
