import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fs from 'fs-extra';
import Ajv from 'ajv';
import {
  DryRunResult,
  GOLDEN_DIR,
  dryRun,
  loadTemplate,
  startScaffolder,
} from './__testUtils__/harness';
import { text, yamlDocs } from './__testUtils__/checks';

// The Kubernetes manifests and the rollout script of every generated service, checked with real tools: kustomize
// renders each overlay, the objects validate against the Kubernetes schemas, shellcheck reads the script, and the
// blue/green flow runs against stub aws/kubectl/kustomize executables. The dry-run harness renders the current
// templates (the golden trees only hold the inputs here).
jest.setTimeout(120_000);

type Case = { name: string; template: string; values: Record<string, any> };

const goldenCases = (template: string): Case[] =>
  fs.readdirSync(path.join(GOLDEN_DIR, template)).map(name => ({
    name,
    template,
    values: fs.readJsonSync(
      path.join(GOLDEN_DIR, template, name, 'input.json'),
    ),
  }));

const STRATEGIES: string[] = loadTemplate(
  'backend-service',
).spec.parameters.find((page: any) => page.properties?.deploymentStrategy)
  .properties.deploymentStrategy.enum;

const SERVICE_CASES = goldenCases('backend-service');
// rollout.sh comes with each pipeline of a service: the new services' and the one cicd-pipeline adds to an existing
// service; each under every strategy.
const SCRIPT_CASES: Case[] = [
  ...SERVICE_CASES.filter(c => c.values.pipeline !== 'none'),
  ...goldenCases('cicd-pipeline').filter(c => c.values.deploymentStrategy),
].flatMap(c =>
  STRATEGIES.map(strategy => ({
    ...c,
    name: `${c.name} as ${strategy}`,
    values: { ...c.values, deploymentStrategy: strategy },
  })),
);

const results = new Map<string, DryRunResult>();
const dirs = new Map<string, string>();
const timings: string[] = [];
let tmpRoot: string;

beforeAll(async () => {
  tmpRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'inbestment-service-'));
  const scaffolder = await startScaffolder();
  try {
    for (const c of [...SERVICE_CASES, ...SCRIPT_CASES]) {
      const started = Date.now();
      const key = `${c.template}/${c.name}`;
      const result = await dryRun(scaffolder.server, c.template, c.values);
      if (result.status !== 200) {
        throw new Error(
          `${key}: dry-run answered ${result.status}: ${JSON.stringify(
            result.body,
          ).slice(0, 2000)}`,
        );
      }
      const dir = path.join(tmpRoot, key.replace(/[^\w.-]+/g, '_'));
      for (const [file, content] of result.files) {
        await fs.outputFile(path.join(dir, file), content, {
          mode: result.executables.has(file) ? 0o755 : 0o644,
        });
      }
      results.set(key, result);
      dirs.set(key, dir);
      timings.push(`${key}: ${Date.now() - started} ms`);
    }
  } finally {
    await scaffolder.stop();
  }
}, 240_000);

afterAll(async () => {
  if (tmpRoot) await fs.remove(tmpRoot);
  process.stdout.write(`Dry-run timings:\n  ${timings.join('\n  ')}\n`);
});

const keyOf = (c: Case) => `${c.template}/${c.name}`;

const onPath = (command: string) =>
  spawnSync('sh', ['-c', `command -v ${command}`], {
    encoding: 'utf8',
  }).stdout.trim() || undefined;

/** `kustomize build` when a standalone kustomize is installed, else the kustomize built into kubectl. */
function kustomizeBuildCommand(): string[] {
  const kustomize = onPath('kustomize');
  if (kustomize) return [kustomize, 'build'];
  const kubectl = onPath('kubectl');
  if (kubectl) return [kubectl, 'kustomize'];
  throw new Error(
    'neither kustomize nor kubectl is on PATH: run scripts/setup.sh (the Kubernetes checks render the overlays with one of them)',
  );
}

function kustomizeBuild(dir: string) {
  const [command, ...args] = kustomizeBuildCommand();
  const run = spawnSync(command, [...args, dir], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} ${dir} failed: ${
        run.error?.message ?? run.stderr
      }`,
    );
  }
  return run.stdout;
}

/** Labels selectors as rollout.sh passes them to `kubectl apply -l` (`key=value`, `key`, `!key`, comma-joined). */
function matches(selector: string, labels: Record<string, string> = {}) {
  return selector.split(',').every(term => {
    if (term.startsWith('!')) return !(term.slice(1) in labels);
    const [key, value] = term.split('=');
    return value === undefined ? key in labels : labels[key] === value;
  });
}

/** What rollout.sh does to the rendered overlay before applying it: envsubst '${TARGET_GROUP_ARN}'. */
const SAMPLE_TARGET_GROUP_ARN =
  'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/inbestment-sample/0123456789abcdef';

/**
 * Validates objects with the `kubernetes-models` classes (their schemas come from the Kubernetes OpenAPI spec).
 * The package is ESM-only with import-only exports, which this CommonJS test run cannot resolve, so a Node child
 * process does the validating; it answers one error message (or null) per object.
 */
function kubernetesModelErrors(objects: any[]): (string | null)[] {
  const script = `
    import { readFileSync } from 'node:fs';
    const objects = JSON.parse(readFileSync(0, 'utf8'));
    const errors = [];
    for (const object of objects) {
      try {
        const module = await import('kubernetes-models/' + object.apiVersion);
        const Model = module[object.kind];
        if (!Model) throw new Error('kubernetes-models has no ' + object.apiVersion + ' ' + object.kind);
        new Model(object).validate();
        errors.push(null);
      } catch (error) {
        errors.push(object.kind + ' ' + object.metadata?.name + ': ' + error.message);
      }
    }
    console.log(JSON.stringify(errors));
  `;
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      cwd: __dirname,
      input: JSON.stringify(objects),
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`validator failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

// TargetGroupBinding (AWS Load Balancer Controller) has no kubernetes-models class: this is the part of its
// elbv2.k8s.aws/v1beta1 CRD schema (config/crd/bases/elbv2.k8s.aws_targetgroupbindings.yaml) for the fields the
// template uses. additionalProperties is false here, though not in the CRD: the API server would silently prune a
// misspelt field of a structural schema, which is worse than an error.
const targetGroupBindingSchema = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { const: 'elbv2.k8s.aws/v1beta1' },
    kind: { const: 'TargetGroupBinding' },
    metadata: {
      type: 'object',
      required: ['name', 'namespace'],
      properties: {
        name: { type: 'string' },
        namespace: { type: 'string' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      required: ['serviceRef', 'targetGroupARN'],
      additionalProperties: false,
      properties: {
        serviceRef: {
          type: 'object',
          required: ['name', 'port'],
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            port: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
          },
        },
        targetGroupARN: {
          type: 'string',
          pattern: '^arn:aws:elasticloadbalancing:',
        },
        targetType: { enum: ['instance', 'ip'] },
      },
    },
  },
};
const validateTargetGroupBinding = new Ajv({ allErrors: true }).compile(
  targetGroupBindingSchema,
);

describe.each(SERVICE_CASES)('Kubernetes manifests of $name', c => {
  const rendered = new Map<string, any[]>();
  const renderedOverlay = (env: string) => {
    if (!rendered.has(env)) {
      const output = kustomizeBuild(
        path.join(dirs.get(keyOf(c))!, 'k8s/overlays', env),
      );
      rendered.set(
        env,
        yamlDocs(
          output.replaceAll('${TARGET_GROUP_ARN}', SAMPLE_TARGET_GROUP_ARN),
          `${env} overlay`,
        ),
      );
    }
    return rendered.get(env)!;
  };
  const blueGreen = c.values.deploymentStrategy === 'blue-green';

  it('renders every overlay with kustomize', () => {
    const overlays = [...results.get(keyOf(c))!.files.keys()]
      .filter(f => /^k8s\/overlays\/[^/]+\/kustomization\.yaml$/.test(f))
      .map(f => f.split('/')[2])
      .sort();
    expect(overlays).toEqual(['prod', 'staging']);
    for (const env of overlays) {
      const objects = renderedOverlay(env);
      expect(objects.map(o => o.kind).sort()).toEqual(
        [
          ...Array(blueGreen ? 2 : 1).fill('Deployment'),
          ...Array(blueGreen ? 2 : 1).fill('HorizontalPodAutoscaler'),
          ...Array(blueGreen ? 2 : 1).fill('PodDisruptionBudget'),
          'Service',
          'ServiceAccount',
          'TargetGroupBinding',
        ].sort(),
      );
      // Only ${TARGET_GROUP_ARN} is left for deploy time (the overlays replace the base's account placeholder).
      expect(JSON.stringify(objects)).not.toContain('${');
      expect(objects.every(o => o.metadata.namespace === 'inbestment')).toBe(
        true,
      );
    }
  });

  it('renders objects that validate against the Kubernetes schemas', () => {
    for (const env of ['prod', 'staging']) {
      const objects = renderedOverlay(env);
      const bindings = objects.filter(o => o.kind === 'TargetGroupBinding');
      const others = objects.filter(o => o.kind !== 'TargetGroupBinding');
      expect({ env, errors: kubernetesModelErrors(others) }).toEqual({
        env,
        errors: others.map(() => null),
      });
      for (const binding of bindings) {
        validateTargetGroupBinding(binding);
        expect({ env, errors: validateTargetGroupBinding.errors }).toEqual({
          env,
          errors: null,
        });
      }
    }
  });

  it('drains each pod from the ALB before it stops', () => {
    const deployments = renderedOverlay('prod').filter(
      o => o.kind === 'Deployment',
    );
    for (const deployment of deployments) {
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      // Native sleep action: the distroless image has no shell for `exec: sleep`.
      expect(container.lifecycle).toEqual({
        preStop: { sleep: { seconds: 15 } },
      });
      // preStop, then Spring's graceful shutdown (30 s, checked against application.yml in serviceJava.test.ts).
      expect(pod.terminationGracePeriodSeconds).toBe(60);
      expect(container.readinessProbe.httpGet.path).toBe(
        '/actuator/health/readiness',
      );
      // The HPA owns the replica count (and rollout.sh the idle slot's): applying must not reset it.
      expect(deployment.spec.replicas).toBeUndefined();
    }
  });

  // What the production-readiness checks read from the cluster (hasPdb, hasResourceRequests, hasResourceLimits,
  // prodReplicas of inbestmentEksFacts), true from the first deploy on.
  it.each(['prod', 'staging'])(
    'keeps at least one pod of each Deployment through disruptions, with requests and limits (%s)',
    env => {
      const objects = renderedOverlay(env);
      const deployments = objects.filter(o => o.kind === 'Deployment');
      const budgets = objects.filter(o => o.kind === 'PodDisruptionBudget');
      expect(deployments).toHaveLength(blueGreen ? 2 : 1);
      const podsOf = (deployment: any) =>
        deployment.spec.template.metadata.labels;
      const selects = (budget: any, labels: Record<string, string>) =>
        !budget.spec.selector.matchExpressions &&
        Object.entries(budget.spec.selector.matchLabels ?? {}).every(
          ([key, value]) => labels[key] === value,
        );
      for (const deployment of deployments) {
        const covering = budgets.filter(b => selects(b, podsOf(deployment)));
        expect({
          deployment: deployment.metadata.name,
          budgets: covering.map(b => b.metadata.name),
        }).toEqual({
          deployment: deployment.metadata.name,
          budgets: [deployment.metadata.name],
        });
        const [budget] = covering;
        expect(budget.apiVersion).toBe('policy/v1');
        // Exactly the Deployment's pods: the same labels as its selector, nothing of the other slot.
        expect(budget.spec.selector).toEqual(deployment.spec.selector);
        expect(budget.spec.minAvailable).toBe(1);
        expect(budget.spec.maxUnavailable).toBeUndefined();
        // The HPA keeps more pods than the budget protects, so a drain can always evict one.
        const hpa = objects.find(
          o =>
            o.kind === 'HorizontalPodAutoscaler' &&
            o.spec.scaleTargetRef.name === deployment.metadata.name,
        );
        expect(hpa.spec.minReplicas).toBeGreaterThan(budget.spec.minAvailable);
        for (const container of [
          ...deployment.spec.template.spec.containers,
          ...(deployment.spec.template.spec.initContainers ?? []),
        ]) {
          expect({
            container: container.name,
            cpu: container.resources?.requests?.cpu,
            memory: container.resources?.requests?.memory,
            memoryLimit: container.resources?.limits?.memory,
          }).toEqual({
            container: container.name,
            cpu: expect.stringMatching(/^\d+(\.\d+)?m?$/),
            memory: expect.stringMatching(/^\d+(Mi|Gi)$/),
            memoryLimit: expect.stringMatching(/^\d+(Mi|Gi)$/),
          });
        }
      }
      // No budget selects pods of no Deployment (a stale slot or a misspelt label).
      for (const budget of budgets) {
        expect({
          budget: budget.metadata.name,
          deployments: deployments
            .filter(d => selects(budget, podsOf(d)))
            .map(d => d.metadata.name),
        }).toEqual({
          budget: budget.metadata.name,
          deployments: [budget.metadata.name],
        });
      }
    },
  );

  it('lets rollout.sh apply each slot on its own', () => {
    const objects = renderedOverlay('prod');
    const selected = (selector: string) =>
      objects
        .filter(o => matches(selector, o.metadata.labels))
        .map(o => `${o.kind}/${o.metadata.name}`)
        .sort();
    const name = c.values.name;
    // The selectors rollout.sh applies with: the slots, the Service (blue/green), and everything else.
    expect(
      selected(
        blueGreen
          ? '!inbestment.io/slot,!inbestment.io/router'
          : '!inbestment.io/slot',
      ),
    ).toEqual(
      [
        ...(blueGreen ? [] : [`Service/${name}`]),
        `ServiceAccount/${name}`,
        `TargetGroupBinding/${name}`,
      ].sort(),
    );
    const slots = blueGreen ? ['blue', 'green'] : ['stable'];
    for (const slot of slots) {
      const suffix = blueGreen ? `-${slot}` : '';
      expect(selected(`inbestment.io/slot=${slot}`)).toEqual([
        `Deployment/${name}${suffix}`,
        `HorizontalPodAutoscaler/${name}${suffix}`,
        `PodDisruptionBudget/${name}${suffix}`,
      ]);
      const hpa = objects.find(
        o =>
          o.kind === 'HorizontalPodAutoscaler' &&
          o.metadata.labels['inbestment.io/slot'] === slot,
      );
      expect(hpa.spec.scaleTargetRef.name).toBe(`${name}${suffix}`);
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    }
    // Blue/green: the Service is applied on the first release only, selecting blue; later releases switch it.
    const service = objects.find(o => o.kind === 'Service');
    expect({
      router: selected('inbestment.io/router'),
      slot: service.spec.selector['inbestment.io/slot'],
    }).toEqual(
      blueGreen
        ? { router: [`Service/${name}`], slot: 'blue' }
        : { router: [], slot: undefined },
    );
  });
});

describe.each(SCRIPT_CASES)('deploy/rollout.sh of $template/$name', c => {
  it('passes shellcheck', () => {
    if (!onPath('shellcheck')) {
      throw new Error(
        'shellcheck is missing: run scripts/setup.sh (apt-get install shellcheck)',
      );
    }
    const dir = dirs.get(keyOf(c))!;
    expect(results.get(keyOf(c))!.executables.has('deploy/rollout.sh')).toBe(
      true,
    );
    const run = spawnSync('shellcheck', ['deploy/rollout.sh'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

// Stubs for the blue/green flow: each logs its arguments and answers the few queries rollout.sh makes, from files
// in $STUB_STATE (live: the Service's slot, empty before the first release; alarms: how many alarms fire;
// deployment.json: the live Deployment of a canary service).
const STUBS: Record<string, string> = {
  aws: `
echo "aws $*" >>"$STUB_LOG"
case "$*" in
  *describe-target-groups*) echo '${SAMPLE_TARGET_GROUP_ARN}' ;;
  *describe-alarms*) cat "$STUB_STATE/alarms" ;;
esac`,
  kubectl: `
args=("$@")
for i in "\${!args[@]}"; do
  # Keep a copy of what is applied: the log refers to it.
  if [ "\${args[$i]}" = -f ]; then
    if [ "\${args[$((i + 1))]}" = - ]; then
      copy="$STUB_STATE/stdin-$(wc -l <"$STUB_LOG").json"
      cat >"$copy"
    else
      copy="$STUB_STATE/applied-$(wc -l <"$STUB_LOG").yaml"
      cp "\${args[$((i + 1))]}" "$copy"
    fi
    args[i + 1]="$copy"
  fi
done
echo "kubectl \${args[*]}" >>"$STUB_LOG"
case "$*" in
  *" get service "*jsonpath*) cat "$STUB_STATE/live" ;;
  *" get hpa "*minReplicas*) echo 2 ;;
  *" get deployment "*" -o json") cat "$STUB_STATE/deployment.json" ;;
  *" get deployment "*replicas*) echo 3 ;;
  *" rollout status "*) exit "\${STUB_ROLLOUT_STATUS:-0}" ;;
esac`,
  // kustomize build is the real one; the image set by "kustomize edit set image" replaces the overlay's :latest.
  kustomize: `
echo "kustomize $*" >>"$STUB_LOG"
case "$1" in
  edit) echo "\${4#*=}" >"$STUB_STATE/image" ;;
  build) $KUSTOMIZE_BUILD "$2" | sed -E "s#^( *image: ).*:latest\\$#\\\\1$(cat "$STUB_STATE/image")#" ;;
esac`,
  sleep: `echo "sleep $*" >>"$STUB_LOG"`,
};

const TAG = `1.4.0@sha256:${'ab'.repeat(32)}`;

/** Runs a case's generated rollout.sh against the stubs; the live slot and the number of firing alarms are given. */
async function runRollout(
  c: Case,
  { live = '', alarms = 0, env = {} as Record<string, string> },
  args: string[],
) {
  const dir = await fs.mkdtemp(path.join(tmpRoot, 'flow-'));
  const repo = path.join(dir, 'repo');
  await fs.copy(dirs.get(keyOf(c))!, repo);
  const bin = path.join(dir, 'bin');
  const state = path.join(dir, 'state');
  await fs.ensureDir(state);
  await fs.writeFile(path.join(state, 'live'), live);
  await fs.writeFile(path.join(state, 'alarms'), `${alarms}\n`);
  await fs.writeFile(path.join(state, 'log'), '');
  await fs.writeJson(path.join(state, 'deployment.json'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: c.values.name, uid: 'u-1', resourceVersion: '7' },
    spec: {
      selector: { matchLabels: { 'inbestment.io/slot': 'stable' } },
      template: {
        metadata: { labels: { 'inbestment.io/slot': 'stable' } },
        spec: { containers: [{ name: 'app', image: 'previous' }] },
      },
    },
    status: { replicas: 3 },
  });
  for (const [command, body] of Object.entries(STUBS)) {
    await fs.outputFile(
      path.join(bin, command),
      `#!/usr/bin/env bash\n${body}\n`,
      {
        mode: 0o755,
      },
    );
  }
  const result = spawnSync('deploy/rollout.sh', args, {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      STUB_LOG: path.join(state, 'log'),
      STUB_STATE: state,
      KUSTOMIZE_BUILD: kustomizeBuildCommand().join(' '),
      CANARY_WATCH_SECONDS: '0',
      DRAIN_SECONDS: '45',
      ...env,
    },
  });
  const log = (await fs.readFile(path.join(state, 'log'), 'utf8'))
    .trim()
    .split('\n');
  return { status: result.status, stderr: result.stderr, log };
}

/** The image reference rollout.sh deploys for TAG. */
const imageOf = (c: Case) => {
  const script = text(results.get(keyOf(c))!.files, 'deploy/rollout.sh');
  return `${/^IMAGE='([^']+)'$/m.exec(script)![1]}:${TAG}`;
};

/** The steps that matter, in order: applies (with their selector), scaling, waits, switches and alarm checks. */
const steps = (log: string[]) =>
  log.flatMap(line => {
    const selector = / apply -f \S+ -l (\S+)/.exec(line);
    if (selector) return [`apply ${selector[1]}`];
    if (/ apply -f \S+stdin-\d+\.json$/.test(line)) return ['apply from stdin'];
    if (/ apply -f \S+$/.test(line)) return ['apply all'];
    const scale = / scale deployment\/(\S+) --replicas=(\d+)/.exec(line);
    if (scale) return [`scale ${scale[1]} to ${scale[2]}`];
    const wait = / rollout status deployment\/(\S+)/.exec(line);
    if (wait) return [`wait for ${wait[1]}`];
    const patch = /patch service .*"inbestment.io\/slot":"(\w+)"/.exec(line);
    if (patch) return [`switch to ${patch[1]}`];
    const deleted = / delete deployment (\S+)/.exec(line);
    if (deleted) return [`delete ${deleted[1]}`];
    if (line.includes('describe-alarms')) return ['check alarms'];
    if (line.startsWith('sleep ')) return [line];
    if (/^kubectl .* (apply|set|undo) /.test(line)) {
      return [`unexpected: ${line}`];
    }
    return [];
  });

/** The objects of one apply, as kubectl would select them from the file rollout.sh rendered. */
const applied = (log: string[], selector: string) => {
  const line = log.find(l => l.endsWith(` -l ${selector}`))!;
  const file = / -f (\S+)/.exec(line)![1];
  return yamlDocs(fs.readFileSync(file, 'utf8'), file).filter(o =>
    matches(selector, o.metadata.labels),
  );
};

const scriptCase = (strategy: string) =>
  SCRIPT_CASES.find(
    s =>
      s.template === 'backend-service' &&
      s.values.deploymentStrategy === strategy,
  )!;

describe('the blue/green flow of deploy/rollout.sh', () => {
  const c = scriptCase('blue-green');
  const name = c.values.name;
  const deploy = ['deploy', 'prod', TAG, 'blue-green'];
  const run = (live: string, alarms: number, args: string[], env = {}) =>
    runRollout(c, { live, alarms, env }, args);

  /** Applying a slot in full and bringing it up to the live slot's size (3 in the stubs). */
  const bringsUp = (slot: string) => [
    `apply inbestment.io/slot=${slot}`,
    `scale ${name}-${slot} to 3`,
    `wait for ${name}-${slot}`,
  ];
  const SUPPORT = 'apply !inbestment.io/slot,!inbestment.io/router';

  it('deploys to the idle slot, switches to it, and scales the old slot down after the drain', async () => {
    const { status, stderr, log } = await run('blue', 0, deploy);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(steps(log)).toEqual([
      SUPPORT,
      ...bringsUp('green'),
      `switch to green`,
      'check alarms',
      'sleep 45',
      `scale ${name}-blue to 0`,
    ]);
    // The idle slot gets its whole Deployment (and HPA and PodDisruptionBudget) with the new image; the live slot
    // is never applied.
    const green = applied(log, 'inbestment.io/slot=green');
    expect(green.map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      `Deployment/${name}-green`,
      `HorizontalPodAutoscaler/${name}-green`,
      `PodDisruptionBudget/${name}-green`,
    ]);
    const deployment = green.find(o => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe(imageOf(c));
    expect(deployment.spec.template.spec.containers[0].lifecycle).toBeDefined();
    const support = applied(log, '!inbestment.io/slot,!inbestment.io/router');
    expect(support.find(o => o.kind === 'TargetGroupBinding').spec).toEqual(
      expect.objectContaining({ targetGroupARN: SAMPLE_TARGET_GROUP_ARN }),
    );
  });

  it('switches back to the live slot when an alarm fires, and scales the new slot down', async () => {
    const { status, stderr, log } = await run('green', 1, deploy);
    expect(status).toBe(1);
    expect(stderr).toContain('rolled back to slot green');
    expect(steps(log)).toEqual([
      SUPPORT,
      ...bringsUp('blue'),
      'switch to blue',
      'check alarms',
      'switch to green',
      'sleep 45',
      `scale ${name}-blue to 0`,
    ]);
  });

  it('leaves the live slot serving when the new slot does not become ready', async () => {
    const { status, log } = await run('blue', 0, deploy, {
      STUB_ROLLOUT_STATUS: '1',
    });
    expect(status).toBe(1);
    expect(steps(log)).toEqual([
      SUPPORT,
      ...bringsUp('green'),
      `scale ${name}-green to 0`,
    ]);
  });

  it('creates the Service and the blue slot on the first release', async () => {
    const { status, stderr, log } = await run('', 0, deploy);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(steps(log)).toEqual([
      SUPPORT,
      'apply inbestment.io/router',
      ...bringsUp('blue'),
    ]);
  });

  it('rolls back by scaling the previous slot up, waiting, and switching to it', async () => {
    const { status, stderr, log } = await run('green', 0, ['rollback', 'prod']);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(steps(log)).toEqual([
      `scale ${name}-blue to 3`,
      `wait for ${name}-blue`,
      'switch to blue',
      'sleep 45',
      `scale ${name}-green to 0`,
    ]);
  });
});

describe('the other paths of deploy/rollout.sh', () => {
  it('updates the live slot of a blue/green service in place when staging rolls', async () => {
    const c = scriptCase('blue-green');
    const { status, stderr, log } = await runRollout(c, { live: 'green' }, [
      'deploy',
      'staging',
      TAG,
      'rolling',
    ]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(steps(log)).toEqual([
      'apply !inbestment.io/slot,!inbestment.io/router',
      'apply inbestment.io/slot=green',
      `wait for ${c.values.name}-green`,
    ]);
    const deployment = applied(log, 'inbestment.io/slot=green').find(
      o => o.kind === 'Deployment',
    );
    expect(deployment.spec.template.spec.containers[0].image).toBe(imageOf(c));
  });

  it('starts one canary pod with the new image, watches the alarms, then rolls the Deployment', async () => {
    const c = scriptCase('canary');
    const name = c.values.name;
    const { status, stderr, log } = await runRollout(c, {}, [
      'deploy',
      'prod',
      TAG,
      'canary',
    ]);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(steps(log)).toEqual([
      'apply !inbestment.io/slot',
      'apply from stdin',
      `wait for ${name}-canary`,
      'check alarms',
      'apply all',
      `wait for ${name}`,
      `delete ${name}-canary`,
    ]);
    const canaryFile = /-f (\S+stdin-\d+\.json)$/.exec(
      log.find(l => l.includes('stdin-'))!,
    )![1];
    const canary = await fs.readJson(canaryFile);
    expect(canary.metadata.name).toBe(`${name}-canary`);
    expect(canary.spec.replicas).toBe(1);
    expect(canary.spec.template.metadata.labels['inbestment.io/slot']).toBe(
      'canary',
    );
    expect(canary.spec.template.spec.containers[0].image).toBe(imageOf(c));
  });
});
