/*
 * The EKS deployment (docs/deployment.md): the image definition
 * (packages/backend/Dockerfile, parsed with dockerfile-ast, Docker's own
 * ignore rules for .dockerignore) and the values for Backstage's official Helm
 * chart (deploy/helm), merged per environment the way Helm merges -f files.
 * No image is built and no chart rendered here (no base images, no cluster):
 * the bundle and start command the image runs are run by `npm run start:prod`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader, readDurationFromConfig } from '@backstage/config';
import { loadConfig, loadConfigSchema } from '@backstage/config-loader';
import {
  Cmd,
  Copy,
  DockerfileParser,
  Env,
  From,
  Instruction,
  User,
} from 'dockerfile-ast';
import dockerignore from '@balena/dockerignore';
import YAML from 'yaml';

const REPO = path.resolve(__dirname, '../../..');
const readRepoFile = (file: string) =>
  fs.readFileSync(path.join(REPO, file), 'utf8');

// ------------------------------------------------------------------ Dockerfile

type Stage = { name: string; from: From; instructions: Instruction[] };

function dockerfileStages(): Stage[] {
  const dockerfile = DockerfileParser.parse(
    readRepoFile('packages/backend/Dockerfile'),
  );
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction instanceof From) {
      stages.push({
        name: instruction.getBuildStage() ?? `#${stages.length}`,
        from: instruction,
        instructions: [],
      });
    } else {
      expect(stages.length).toBeGreaterThan(0); // nothing but ARG before FROM
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return stages;
}

const keyword = (instruction: Instruction) => instruction.getKeyword();
const argsOf = (instruction: Instruction) =>
  instruction.getArguments().map(argument => argument.getValue());
const runs = (stage: Stage) =>
  stage.instructions
    .filter(i => keyword(i) === 'RUN')
    .map(i => i.getArgumentsContent() ?? '');
const copies = (stage: Stage) =>
  stage.instructions.filter((i): i is Copy => i instanceof Copy);
const copyFrom = (copy: Copy) => copy.getFromFlag()?.getValue();
/** Sources and destination of a COPY (flags left out). */
function copyPaths(copy: Copy) {
  const paths = argsOf(copy).filter(a => !a.startsWith('--'));
  return { sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
}
function stageNamed(stages: Stage[], name: string) {
  const stage = stages.find(s => s.name === name);
  if (!stage) throw new Error(`Dockerfile has no stage "${name}"`);
  return stage;
}
function imageCmd(stages: Stage[]): string[] {
  const cmds = stages[stages.length - 1].instructions.filter(
    (i): i is Cmd => i instanceof Cmd,
  );
  expect(cmds).toHaveLength(1);
  const json = cmds[0].getJSONStrings().map(s => s.getJSONValue());
  // exec form: node is PID 1 and gets SIGTERM itself (no shell in between)
  expect(json.length).toBeGreaterThan(0);
  return json;
}

/** The backend replica command of scripts/start-prod.sh (`exec node ...`, continuation lines joined). */
function startProdCommand(): string[] {
  const script = 'scripts/start-prod.sh';
  if (!fs.existsSync(path.join(REPO, script))) {
    throw new Error(
      `${script} is missing: the image must run its start command (npm run start:prod)`,
    );
  }
  const lines = readRepoFile(script).split('\n');
  const start = lines.findIndex(line => /^\s*exec node\s/.test(line));
  if (start < 0) throw new Error(`${script} has no "exec node ..." line`);
  let command = '';
  for (let i = start; i < lines.length; i++) {
    const line = lines[i].trim();
    command += ` ${line.replace(/\\$/, '')}`;
    if (!line.endsWith('\\')) break;
  }
  return command.trim().split(/\s+/).slice(1); // without `exec`
}

/** The start command without the config file that only the local run reads. */
function withoutLocalConfig(command: string[]) {
  const result: string[] = [];
  for (let i = 0; i < command.length; i++) {
    if (
      command[i] === '--config' &&
      command[i + 1] === 'app-config.local-production.yaml'
    ) {
      i++;
      continue;
    }
    result.push(command[i]);
  }
  return result;
}

function heapMiB(command: string[]) {
  const flag = command.find(a => a.startsWith('--max-old-space-size='));
  if (!flag) throw new Error('no --max-old-space-size heap bound');
  return Number(flag.split('=')[1]);
}

// ------------------------------------------------------------------ Helm values

type Values = Record<string, any>;

const isMap = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Helm's merge of -f files: maps merge key by key, anything else is replaced, null deletes. */
function helmMerge(base: Values, override: Values): Values {
  const merged: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete merged[key];
    else if (isMap(value) && isMap(merged[key]))
      merged[key] = helmMerge(merged[key], value);
    else merged[key] = value;
  }
  return merged;
}

const RELEASE_NAME = 'inbestment-portal';

/**
 * Resolves the `{{ .Values.a.b }}` and `{{ .Release.Name }}` references the
 * values use (the chart passes these fields through `tpl`); any other template
 * is refused, so the test never guesses what Helm would render.
 */
function renderTemplates(value: unknown, values: Values): any {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
      if (expression === '.Release.Name') return RELEASE_NAME;
      const reference = /^\.Values\.([\w.]+)$/.exec(expression);
      if (!reference)
        throw new Error(`unsupported template {{ ${expression} }}`);
      const resolved = reference[1]
        .split('.')
        .reduce<any>((node, key) => node?.[key], values);
      if (typeof resolved !== 'string' && typeof resolved !== 'number') {
        throw new Error(`{{ ${expression} }} resolves to ${resolved}`);
      }
      return String(resolved);
    });
  }
  if (Array.isArray(value)) return value.map(v => renderTemplates(v, values));
  if (isMap(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, renderTemplates(v, values)]),
    );
  }
  return value;
}

/** The fields chart 2.8 renders with `tpl` (templates/*.yaml: common.tplvalues.render). */
const TEMPLATED_FIELDS = [
  ['ingress', 'host'],
  ['ingress', 'annotations'],
  ['serviceAccount', 'annotations'],
  ['backstage', 'extraEnvVars'],
  ['backstage', 'topologySpreadConstraints'],
  ['backstage', 'appConfig'],
];

function stringsWithTemplates(value: unknown, at: string[] = []): string[] {
  if (typeof value === 'string')
    return value.includes('{{') ? [at.join('.')] : [];
  if (Array.isArray(value))
    return value.flatMap((v, i) => stringsWithTemplates(v, [...at, `${i}`]));
  if (isMap(value))
    return Object.entries(value).flatMap(([k, v]) =>
      stringsWithTemplates(v, [...at, k]),
    );
  return [];
}

const ENVIRONMENTS = ['prod', 'staging'];

function loadValues(file: string): Values {
  return YAML.parse(readRepoFile(`deploy/helm/${file}`)) ?? {};
}

/** values.yaml + values-<env>.yaml as Helm merges them, templated fields rendered. */
function environmentValues(environment: string): Values {
  const merged = helmMerge(
    loadValues('values.yaml'),
    loadValues(`values-${environment}.yaml`),
  );
  const rendered = structuredClone(merged);
  for (const [section, field] of TEMPLATED_FIELDS) {
    if (rendered[section]?.[field] !== undefined) {
      rendered[section][field] = renderTemplates(
        rendered[section][field],
        merged,
      );
    }
  }
  return rendered;
}

function mebibytes(quantity: string): number {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory quantity ${quantity} is not in Mi or Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
}

function seconds(duration: unknown): number {
  if (isMap(duration)) {
    expect(Object.keys(duration)).toEqual(['seconds']);
    return Number(duration.seconds);
  }
  throw new Error(`expected a duration as { seconds: N }, got ${duration}`);
}

/** Environment variables app-config.production.yaml substitutes. */
function productionConfigVariables(): string[] {
  const text = readRepoFile('app-config.production.yaml');
  return [...new Set([...text.matchAll(/\$\{(\w+)\}/g)].map(m => m[1]))];
}

/** Keys (and example values) of the Secret the pods read. */
function secretExample(): Map<string, string> {
  const keys = new Map<string, string>();
  for (const line of readRepoFile(
    'deploy/helm/portal-secrets.env.example',
  ).split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match) keys.set(match[1], match[2]);
  }
  return keys;
}

/** The pod's container command as the chart renders it: command, then args. */
const podCommand = (values: Values) => [
  ...values.backstage.command,
  ...values.backstage.args,
];

// ------------------------------------------------------------------ tests

describe('container image (packages/backend/Dockerfile)', () => {
  const stages = dockerfileStages();

  it('is a multi-stage build on node:22-bookworm-slim: skeleton, toolchain, build, production dependencies, runtime', () => {
    expect(stages.map(s => s.name)).toEqual([
      'skeleton',
      'toolchain',
      'build',
      'production-deps',
      'runtime',
    ]);
    for (const stage of stages) {
      const base = stage.from.getImageName();
      if (stages.some(s => s.name === base)) continue; // built on an earlier stage
      expect(`${base}:${stage.from.getImageTag()}`).toBe(
        'node:22-bookworm-slim',
      );
    }
  });

  it('installs from the skeleton of package.json files and package-lock.json, exactly (npm ci)', () => {
    const skeleton = stageNamed(stages, 'skeleton');
    const copied = copies(skeleton).flatMap(c => copyPaths(c).sources);
    expect(copied).toEqual(
      expect.arrayContaining(['package.json', 'package-lock.json', '.npmrc']),
    );
    // everything but each workspace's package.json is removed again
    expect(runs(skeleton).join('\n')).toMatch(
      /find packages plugins .*! -name package\.json -exec rm -rf/,
    );

    const build = stageNamed(stages, 'build');
    const buildRuns = runs(build);
    const install = buildRuns.findIndex(r => /\bnpm ci\b/.test(r));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(buildRuns.join('\n')).not.toMatch(/\bnpm (install|i)\b/);
    // the sources arrive after the install, so a source change keeps the dependency layer
    const sourcesCopy = build.instructions.findIndex(
      i => i instanceof Copy && !copyFrom(i) && copyPaths(i).sources[0] === '.',
    );
    const installAt = build.instructions.findIndex(
      i =>
        keyword(i) === 'RUN' &&
        /\bnpm ci\b/.test(i.getArgumentsContent() ?? ''),
    );
    expect(sourcesCopy).toBeGreaterThan(installAt);
  });

  it('builds the type definitions, then the backend bundle with the built app (backstage-cli repo build --all)', () => {
    const buildRuns = runs(stageNamed(stages, 'build'));
    const tsc = buildRuns.findIndex(r => /\bnpm run tsc\b/.test(r));
    const bundle = buildRuns.findIndex(r =>
      /NODE_ENV=production .*backstage-cli repo build --all/.test(r),
    );
    expect(tsc).toBeGreaterThanOrEqual(0);
    expect(bundle).toBeGreaterThan(tsc);
  });

  it('installs only production dependencies of the bundled workspaces, then unpacks the bundle over them', () => {
    const deps = stageNamed(stages, 'production-deps');
    const fromBuild = copies(deps)
      .filter(c => copyFrom(c) === 'build')
      .flatMap(c => copyPaths(c).sources);
    expect(fromBuild).toEqual(
      expect.arrayContaining([
        '/app/package-lock.json',
        '/app/packages/backend/dist/skeleton.tar.gz',
        '/app/packages/backend/dist/bundle.tar.gz',
      ]),
    );
    const depsRuns = runs(deps);
    const skeleton = depsRuns.findIndex(r =>
      /tar xzf skeleton\.tar\.gz/.test(r),
    );
    const install = depsRuns.findIndex(r => /\bnpm ci --omit=dev\b/.test(r));
    const bundle = depsRuns.findIndex(r => /tar xzf bundle\.tar\.gz/.test(r));
    expect(skeleton).toBeGreaterThanOrEqual(0);
    expect(install).toBeGreaterThan(skeleton);
    expect(bundle).toBeGreaterThan(install);
  });

  it('runs from a slim runtime with no compilers, installs or build output beyond the bundle', () => {
    const runtime = stageNamed(stages, 'runtime');
    expect(runs(runtime)).toEqual([]);
    const fromStages = copies(runtime).filter(c => copyFrom(c));
    expect(fromStages.map(c => copyFrom(c))).toEqual(['production-deps']);
    const env = runtime.instructions
      .filter((i): i is Env => i instanceof Env)
      .flatMap(e => e.getProperties())
      .map(p => [p.getName(), p.getValue()]);
    expect(env).toContainEqual(['NODE_ENV', 'production']);
    expect(
      runtime.instructions
        .find(i => keyword(i) === 'WORKDIR')
        ?.getArgumentsContent(),
    ).toBe('/app');
  });

  it('ships the production configs and the bundled catalog the production config reads, nothing local', () => {
    const runtime = stageNamed(stages, 'runtime');
    const fromContext = copies(runtime)
      .filter(c => !copyFrom(c))
      .map(copyPaths);
    const shipped = new Map<string, string>(); // context path -> path in /app
    for (const { sources, destination } of fromContext) {
      for (const source of sources) {
        // a folder's contents land in the destination; several files go into it
        shipped.set(
          source,
          path.posix.normalize(
            destination.endsWith('/') || sources.length > 1
              ? path.posix.join(destination, source)
              : destination,
          ),
        );
      }
    }
    expect(shipped.get('app-config.yaml')).toBe('app-config.yaml');
    expect(shipped.get('app-config.production.yaml')).toBe(
      'app-config.production.yaml',
    );
    expect([...shipped.keys()].filter(s => s.includes('local'))).toEqual([]);

    // Every path app-config.production.yaml reads relative to the working
    // directory lies inside a folder shipped to the same place in /app.
    const production = YAML.parse(readRepoFile('app-config.production.yaml'));
    const wanted: string[] = [
      ...production.inbestment.catalogFiles,
      production.inbestment.scaffolder.sharedSkeletonDir,
    ];
    expect(wanted.length).toBeGreaterThan(1);
    for (const file of wanted) {
      const topFolder = path.posix.normalize(file).split('/')[0];
      expect(shipped.get(topFolder)).toBe(topFolder);
      expect(fs.existsSync(path.join(REPO, topFolder))).toBe(true);
    }
  });

  it('runs as the unprivileged node user (uid 1000), set by number for runAsNonRoot', () => {
    const runtime = stageNamed(stages, 'runtime');
    const users = runtime.instructions.filter(
      (i): i is User => i instanceof User,
    );
    expect(users.map(u => u.getArgumentsContent())).toEqual(['1000:1000']);
    const userAt = runtime.instructions.indexOf(users[0]);
    const cmdAt = runtime.instructions.findIndex(i => i instanceof Cmd);
    expect(userAt).toBeLessThan(cmdAt);
  });

  it('starts with the command of npm run start:prod (scripts/start-prod.sh) less its local config', () => {
    const cmd = imageCmd(stages);
    expect(cmd).toEqual(withoutLocalConfig(startProdCommand()));
    expect(cmd[0]).toBe('node');
    expect(cmd).toContain('--no-node-snapshot');
    expect(heapMiB(cmd)).toBeGreaterThan(0);
    expect(cmd.slice(cmd.indexOf('packages/backend') + 1)).toEqual([
      '--config',
      'app-config.yaml',
      '--config',
      'app-config.production.yaml',
    ]);
  });

  it('gets a build context with the sources, lock file and catalog, without local data or installed modules', () => {
    const ignore = dockerignore().add(
      readRepoFile('.dockerignore')
        .split('\n')
        .filter(line => line.trim() && !line.startsWith('#')),
    );
    const needed = stages.flatMap(stage =>
      copies(stage)
        .filter(c => !copyFrom(c))
        .flatMap(c => copyPaths(c).sources)
        .filter(source => source !== '.'),
    );
    needed.push(
      'packages/backend/src/index.ts',
      'packages/app/src/App.tsx',
      'plugins/eks-backend/package.json',
      'catalog/apis',
      'templates/shared',
      'tsconfig.json',
      'backstage.json',
    );
    for (const file of needed)
      expect([file, ignore.ignores(file)]).toEqual([file, false]);
    for (const file of [
      'node_modules/react/index.js',
      'packages/backend/node_modules/x',
      'packages/backend/dist/bundle.tar.gz',
      'plugins/eks-backend/dist/index.cjs.js',
      'dist-types/packages/backend/src/index.d.ts',
      'data/prod/secrets.env',
      'app-config.local-production.yaml',
      '.git/HEAD',
      '.tools/node22/bin/node',
    ]) {
      expect([file, ignore.ignores(file)]).toEqual([file, true]);
    }
  });
});

describe.each(ENVIRONMENTS)(
  'Helm values for %s (backstage/charts)',
  environment => {
    const values = environmentValues(environment);
    const { backstage } = values;

    it('sets every per-environment setting and uses templates only where the chart renders them', () => {
      for (const [key, value] of Object.entries(values.inbestment)) {
        expect([key, value]).toEqual([key, expect.stringMatching(/\S/)]);
      }
      const templated = stringsWithTemplates(
        helmMerge(
          loadValues('values.yaml'),
          loadValues(`values-${environment}.yaml`),
        ),
      );
      const allowed = TEMPLATED_FIELDS.map(field => field.join('.'));
      for (const at of templated) {
        expect([at, allowed.some(prefix => at.startsWith(prefix))]).toEqual([
          at,
          true,
        ]);
      }
    });

    it('pulls the image from ECR by an explicit tag, and runs the image start command', () => {
      expect(backstage.image.registry).toMatch(
        /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/,
      );
      expect(backstage.image.repository).toBe('inbestment-portal');
      expect(backstage.image.tag).not.toBe('latest'); // given per release with --set
      expect(podCommand(values)).toEqual(imageCmd(dockerfileStages()));
    });

    it('runs 2+ replicas with an HPA and a PodDisruptionBudget that lets one pod go at a time', () => {
      expect(backstage.replicas).toBeGreaterThanOrEqual(2);
      expect(backstage.autoscaling).toMatchObject({ enabled: true });
      expect(backstage.autoscaling.minReplicas).toBeGreaterThanOrEqual(2);
      expect(backstage.autoscaling.maxReplicas).toBeGreaterThan(
        backstage.autoscaling.minReplicas,
      );
      expect(
        backstage.autoscaling.targetCPUUtilizationPercentage,
      ).toBeGreaterThan(0);
      // the HPA's utilisation is relative to the request
      expect(backstage.resources.requests.cpu).toBeTruthy();
      expect(backstage.pdb).toMatchObject({ create: true, maxUnavailable: 1 });
      expect(backstage.strategy.rollingUpdate).toEqual({
        maxSurge: 1,
        maxUnavailable: 0,
      });
    });

    it('probes Backstage health endpoints on the backend port', () => {
      const port = backstage.containerPorts.backend;
      expect(port).toBe(7007);
      for (const [probe, endpoint] of [
        ['readinessProbe', 'readiness'],
        ['livenessProbe', 'liveness'],
        ['startupProbe', 'readiness'],
      ]) {
        expect(backstage[probe].httpGet).toEqual({
          path: `/.backstage/health/v1/${endpoint}`,
          port,
          scheme: 'HTTP',
        });
      }
      // a first start (every plugin migrating) gets at least 5 minutes
      const startup = backstage.startupProbe;
      expect(
        startup.periodSeconds * startup.failureThreshold,
      ).toBeGreaterThanOrEqual(300);
      expect(
        values.ingress.annotations[
          'alb.ingress.kubernetes.io/healthcheck-path'
        ],
      ).toBe('/.backstage/health/v1/readiness');
    });

    it('bounds the heap to about two thirds of the memory limit', () => {
      const limit = mebibytes(backstage.resources.limits.memory);
      const heap = heapMiB(podCommand(values));
      expect(heap / limit).toBeGreaterThanOrEqual(0.5);
      expect(heap / limit).toBeLessThanOrEqual(0.75);
      expect(mebibytes(backstage.resources.requests.memory)).toBe(limit);
    });

    it('shuts down gracefully within the pod grace period while the ALB drains it', () => {
      // Chart 2.8 has no terminationGracePeriodSeconds: Kubernetes' default applies.
      const gracePeriod = 30;
      const delay = seconds(
        backstage.appConfig.backend.lifecycle.serverShutdownDelay,
      );
      const deregistration = Number(
        /deregistration_delay\.timeout_seconds=(\d+)/.exec(
          values.ingress.annotations[
            'alb.ingress.kubernetes.io/target-group-attributes'
          ],
        )?.[1],
      );
      expect(delay).toBeGreaterThanOrEqual(10); // the controller deregisters the target meanwhile
      expect(delay + 10).toBeLessThanOrEqual(gracePeriod); // 10 s to drain and stop plugins
      expect(deregistration).toBeGreaterThan(delay);
      expect(deregistration).toBeLessThanOrEqual(gracePeriod);
    });

    it('runs as non-root on a read-only root file system, with scratch space in /tmp', () => {
      expect(backstage.podSecurityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        runAsGroup: 1000,
      });
      expect(backstage.containerSecurityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      const volumes = backstage.extraVolumes.map((v: Values) => v.name);
      const mounts = backstage.extraVolumeMounts;
      // the chart renders the volumes only when both lists are set
      for (const mount of mounts) expect(volumes).toContain(mount.name);
      expect(mounts.find((m: Values) => m.mountPath === '/tmp')).toBeTruthy();
    });

    it('gives the pods an IRSA role through their own ServiceAccount', () => {
      const account = values.serviceAccount;
      expect(account).toMatchObject({
        create: true,
        name: 'inbestment-portal',
        automountServiceAccountToken: false,
      });
      expect(account.annotations['eks.amazonaws.com/role-arn']).toMatch(
        /^arn:aws:iam::\d{12}:role\/inbestment-portal$/,
      );
    });

    it('exposes the portal through an ALB with HTTPS, an ACM certificate and a WAF web ACL', () => {
      const { ingress } = values;
      const region = values.inbestment.awsRegion;
      expect(ingress).toMatchObject({
        enabled: true,
        className: 'alb',
        path: '/',
      });
      expect(ingress.host).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      const annotations = ingress.annotations;
      expect(['internet-facing', 'internal']).toContain(
        annotations['alb.ingress.kubernetes.io/scheme'],
      );
      expect(annotations).toMatchObject({
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/ssl-redirect': '443',
      });
      expect(
        JSON.parse(annotations['alb.ingress.kubernetes.io/listen-ports']),
      ).toContainEqual({ HTTPS: 443 });
      expect(annotations['alb.ingress.kubernetes.io/ssl-policy']).toMatch(
        /^ELBSecurityPolicy-TLS13-/,
      );
      expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toMatch(
        new RegExp(`^arn:aws:acm:${region}:\\d{12}:certificate/[\\w-]+$`),
      );
      expect(annotations['alb.ingress.kubernetes.io/wafv2-acl-arn']).toMatch(
        new RegExp(
          `^arn:aws:wafv2:${region}:\\d{12}:regional/webacl/[\\w-]+/[\\w-]+$`,
        ),
      );
      // TLS ends at the ALB (ACM), not in a Kubernetes TLS secret
      expect(ingress.tls?.enabled ?? false).toBe(false);
      expect(values.service.type).toBe('ClusterIP');
    });

    it('uses external PostgreSQL and Valkey, and sets every variable app-config.production.yaml reads', () => {
      expect(values.postgresql.enabled).toBe(false);
      expect(backstage.extraEnvVarsSecrets).toEqual([
        'inbestment-portal-secrets',
      ]);
      const secret = secretExample();
      const plain = new Map<string, string>(
        backstage.extraEnvVars.map((e: Values) => [e.name, e.value]),
      );
      for (const [name, value] of plain) {
        expect([name, value]).toEqual([name, expect.stringMatching(/\S/)]);
        expect([name, secret.has(name)]).toEqual([name, false]); // set once
      }
      for (const variable of productionConfigVariables()) {
        expect([variable, plain.has(variable) || secret.has(variable)]).toEqual(
          [variable, true],
        );
      }
      for (const key of [
        'POSTGRES_HOST',
        'POSTGRES_USER',
        'POSTGRES_PASSWORD',
        'CACHE_REDIS_URL',
        'BACKEND_SECRET',
      ]) {
        expect([key, secret.has(key)]).toEqual([key, true]);
      }
      expect(plain.get('PORTAL_BASE_URL')).toBe(
        `https://${values.ingress.host}`,
      );
      expect(plain.get('PGSSLMODE')).toBe('verify-full');
      const caBundle = plain.get('NODE_EXTRA_CA_CERTS')!;
      expect(
        backstage.extraVolumeMounts.some((m: Values) =>
          caBundle.startsWith(`${m.mountPath}/`),
        ),
      ).toBe(true);
    });
  },
);

describe.each(ENVIRONMENTS)('the config a pod in %s loads', environment => {
  const values = environmentValues(environment);

  /** The image's configs, then the chart's ConfigMap from backstage.appConfig, with the pod's environment. */
  async function podConfigs() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-app-config-'));
    try {
      const fromConfigMap = path.join(dir, 'app-config-from-configmap.yaml');
      fs.writeFileSync(
        fromConfigMap,
        YAML.stringify(values.backstage.appConfig),
      );
      const env = new Map<string, string>(
        values.backstage.extraEnvVars.map((e: Values) => [e.name, e.value]),
      );
      for (const key of secretExample().keys()) {
        env.set(key, key === 'POSTGRES_PORT' ? '5432' : `secret-${key}`);
      }
      const { appConfigs } = await loadConfig({
        configRoot: REPO,
        configTargets: [
          ...values.backstage.args
            .filter((arg: string) => arg !== '--config')
            .map((file: string) => ({ path: path.join(REPO, file) })),
          { path: fromConfigMap },
        ],
        experimentalEnvFunc: async name => env.get(name),
      });
      return appConfigs;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  it('passes the config schema of the backend and its plugins, with the chart settings in force', async () => {
    const appConfigs = await podConfigs();
    const schema = await loadConfigSchema({ dependencies: ['backend'] });
    expect(() => schema.process(appConfigs)).not.toThrow();

    const config = ConfigReader.fromConfigs(appConfigs);
    expect(
      readDurationFromConfig(config, {
        key: 'backend.lifecycle.serverShutdownDelay',
      }),
    ).toEqual(values.backstage.appConfig.backend.lifecycle.serverShutdownDelay);
    expect(config.getNumber('backend.database.knexConfig.pool.max')).toBe(5);
    expect(config.getString('backend.database.client')).toBe('pg');
    expect(config.getString('backend.cache.store')).toBe('redis');
    expect(config.getString('app.baseUrl')).toBe(
      `https://${values.inbestment.host}`,
    );
    expect(config.getString('techdocs.publisher.awsS3.bucketName')).toBe(
      values.inbestment.techdocsBucket,
    );
  }, 120_000);
});
