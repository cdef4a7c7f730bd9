import path from 'node:path';
import fs from 'fs-extra';
import request from 'supertest';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { templateEntityV1beta3Validator } from '@backstage/plugin-scaffolder-common';
import {
  CATALOG,
  DryRunResult,
  GOLDEN_DIR,
  TEMPLATE_NAMES,
  dryRun,
  loadTemplate,
  startScaffolder,
} from './__testUtils__/harness';
import {
  LEFTOVER_TOKENS,
  parseTerraform,
  terraformFmtProblems,
  terraformWiringProblems,
  text,
  unformattedTerraform,
  validateCatalogInfo,
  yamlDocs,
} from './__testUtils__/checks';

// Starting the scaffolder backend and its dry-runs takes seconds on the test machine's two shared cores.
jest.setTimeout(120_000);

const UPDATE = process.env.UPDATE_GOLDEN === '1';

type Case = { template: string; name: string; values: Record<string, unknown> };
const CASES: Case[] = TEMPLATE_NAMES.flatMap(template =>
  fs.readdirSync(path.join(GOLDEN_DIR, template)).map(name => ({
    template,
    name,
    values: fs.readJsonSync(
      path.join(GOLDEN_DIR, template, name, 'input.json'),
    ),
  })),
);

let scaffolder: Awaited<ReturnType<typeof startScaffolder>>;
const results = new Map<string, DryRunResult>();
const timings: string[] = [];

beforeAll(async () => {
  scaffolder = await startScaffolder();
  // One dry-run per case, shared by the assertions below.
  for (const c of CASES) {
    const started = Date.now();
    results.set(
      `${c.template}/${c.name}`,
      await dryRun(scaffolder.server, c.template, c.values),
    );
    timings.push(`${c.template}/${c.name}: ${Date.now() - started} ms`);
  }
  // a backend and one dry-run per case: 16 s on a quiet 2-core machine, far more when it is shared
}, 180_000);

afterAll(async () => {
  await scaffolder?.stop();
  process.stdout.write(`Dry-run timings:\n  ${timings.join('\n  ')}\n`);
});

const result = (c: Case) => results.get(`${c.template}/${c.name}`)!;

describe.each(TEMPLATE_NAMES)('template %s', name => {
  it('is a valid v1beta3 template', async () => {
    expect(await templateEntityV1beta3Validator.check(loadTemplate(name))).toBe(
      true,
    );
  });

  it('only uses registered actions', async () => {
    const res = await request(scaffolder.server).get(
      '/api/scaffolder/v2/actions',
    );
    const registered = new Set(res.body.map((a: { id: string }) => a.id));
    const used = loadTemplate(name).spec.steps.map(
      (s: { action: string }) => s.action,
    );
    expect(used.filter((id: string) => !registered.has(id))).toEqual([]);
  });
});

describe.each(CASES)('dry-run $template/$name', c => {
  it('renders the checked-in golden tree', async () => {
    const { status, files, executables, body } = result(c);
    expect({ status, errors: body.errors, error: body.error?.message }).toEqual(
      {
        status: 200,
        errors: undefined,
        error: undefined,
      },
    );

    const goldenDir = path.join(GOLDEN_DIR, c.template, c.name, 'expected');
    if (UPDATE) {
      await fs.remove(goldenDir);
      for (const [file, content] of files) {
        await fs.outputFile(path.join(goldenDir, file), content, {
          mode: executables.has(file) ? 0o755 : 0o644,
        });
      }
    }
    const expected = new Map<string, Buffer>();
    const walk = async (rel: string) => {
      for (const entry of await fs.readdir(path.join(goldenDir, rel), {
        withFileTypes: true,
      })) {
        const child = path.posix.join(rel, entry.name);
        if (entry.isDirectory()) await walk(child);
        else
          expected.set(child, await fs.readFile(path.join(goldenDir, child)));
      }
    };
    await walk('');
    expect([...files.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of files) {
      expect({ file, content: content.toString('utf8') }).toEqual({
        file,
        content: expected.get(file)!.toString('utf8'),
      });
    }
  });

  it('leaves no template syntax behind', () => {
    const { files } = result(c);
    for (const [file, content] of files) {
      expect(file).not.toMatch(/\.njk$|\$\{\{/);
      for (const token of LEFTOVER_TOKENS) {
        expect({
          file,
          leftover: token.test(content.toString('utf8')),
        }).toEqual({
          file,
          leftover: false,
        });
      }
    }
  });

  it('writes YAML that parses', () => {
    const { files } = result(c);
    const yamlFiles = [...files.keys()].filter(f => /\.ya?ml$/.test(f));
    for (const file of yamlFiles) {
      expect(() => yamlDocs(text(files, file), file)).not.toThrow();
    }
  });

  it('writes formatted HCL that parses', async () => {
    const { files } = result(c);
    await expect(parseTerraform(files)).resolves.toBeDefined();
    expect(await unformattedTerraform(files)).toEqual([]);
  });

  it('makes deploy scripts executable', () => {
    const { files, executables } = result(c);
    const scripts = [...files.keys()].filter(f => f.endsWith('.sh'));
    expect(scripts.filter(f => !executables.has(f))).toEqual([]);
  });
});

const newComponentCases = CASES.filter(c =>
  ['backend-service', 'micro-frontend'].includes(c.template),
);

describe.each(newComponentCases)('catalog-info.yaml of $template/$name', c => {
  it('validates and carries the portal annotations', async () => {
    const entities = await validateCatalogInfo(result(c).files);
    const component = entities.find(e => e.kind === 'Component')!;
    const name = c.values.name as string;
    expect(component.metadata.name).toBe(name);
    expect(component.spec).toMatchObject({
      owner: c.values.owner,
      system: c.values.system,
    });
    const base = name.replace(/-(service|mfe)$/, '');
    const expected: Record<string, string> =
      c.template === 'backend-service'
        ? {
            'backstage.io/techdocs-ref': 'dir:.',
            'backstage.io/kubernetes-id': name,
            'backstage.io/kubernetes-namespace': 'inbestment',
            'aws-ops.io/environments': 'prod,staging',
            'aws-ops.io/alarm-prefix': name,
            'aws-ops.io/waf-web-acl': 'inbestment-alb',
            'aws-ops.io/waf-host': 'api.inbestment.shop',
            'aws-ops.io/waf-path-prefix': `/api/${base}`,
            'aws-ops.io/secrets-prefix': `inbestment/${name}/`,
            'aws-ops.io/iam-role': `inbestment-${name}`,
          }
        : {
            'backstage.io/techdocs-ref': 'dir:.',
            'aws-ops.io/environments': 'prod,staging',
            'aws-ops.io/alarm-prefix': name,
            'aws-ops.io/waf-web-acl': 'inbestment-cloudfront',
            'aws-ops.io/waf-host': 'www.inbestment.shop',
            'aws-ops.io/waf-path-prefix': `/mfe/${base}/`,
          };
    expect(component.metadata.annotations).toMatchObject(expected);
    expect(result(c).body.output.links).toContainEqual(
      expect.objectContaining({ entityRef: `component:default/${name}` }),
    );
  });

  it('has TechDocs', () => {
    const { files } = result(c);
    const { nav } = yamlDocs(text(files, 'mkdocs.yml'), 'mkdocs.yml')[0];
    expect(nav).toBeDefined();
    expect(files.has('docs/index.md')).toBe(true);
    // Every page the nav lists is generated.
    const pages = nav.flatMap((entry: Record<string, string>) =>
      Object.values(entry),
    );
    expect(pages.filter((page: string) => !files.has(`docs/${page}`))).toEqual(
      [],
    );
  });
});

describe.each(CASES.filter(c => c.template === 'backend-service'))(
  'Runbook of $template/$name',
  c => {
    it("names this service's portal tabs, commands, logs and owner", () => {
      const { files } = result(c);
      // The page the production-readiness check hasRunbook looks for: built at runbook/ (runbook/index.html).
      expect(
        yamlDocs(text(files, 'mkdocs.yml'), 'mkdocs.yml')[0].nav,
      ).toContainEqual({ Runbook: 'runbook.md' });
      const runbook = text(files, 'docs/runbook.md');
      const name = c.values.name as string;
      const blueGreen = c.values.deploymentStrategy === 'blue-green';
      const deployment = blueGreen ? `${name}-<slot>` : name;
      const page = `/catalog/default/component/${name}`;
      for (const tab of ['eks', 'alarms', 'security-events', 'timeline']) {
        expect(runbook).toContain(`](${page}/${tab})`);
      }
      for (const heading of [
        'Who to call',
        'See its health',
        'Logs',
        'High latency',
        '5xx errors',
        'Crash-looping pods',
        'A stalled rollout',
        'Roll back',
      ]) {
        expect(runbook).toContain(`\n## ${heading}\n`);
      }
      expect(runbook).toContain(
        `kubectl -n inbestment rollout status deployment/${deployment}`,
      );
      expect(runbook).toContain(
        `kubectl -n inbestment rollout undo deployment/${deployment}`,
      );
      expect(runbook).toContain(`${name}-5xx-rate`);
      expect(runbook).toContain(`${name}-p99-latency`);
      expect(runbook).toContain(
        '/aws/containerinsights/inbestment-prod/application',
      );
      const owner = c.values.owner as string;
      expect(runbook).toContain(
        `[\`${owner}\`](/catalog/default/group/${owner.split('/')[1]})`,
      );
      // rollout.sh exists only with a pipeline; the runbook offers it only then.
      expect(runbook.includes('deploy/rollout.sh rollback prod')).toBe(
        files.has('deploy/rollout.sh'),
      );
      // Blue/green rolls back by switching the Service to the other slot.
      expect(
        runbook.includes(
          `patch service ${name} --type merge -p '{"spec":{"selector":{"inbestment.io/slot":"<previous>"}}}'`,
        ),
      ).toBe(blueGreen);
      // Alarms and rollback are the runbook's: the Operations page links there instead of repeating them.
      const operations = text(files, 'docs/operations.md');
      expect(operations).toContain('(runbook.md)');
      expect(operations).not.toMatch(/rollout\.sh rollback|5xx-rate|## Alarms/);
    });
  },
);

describe.each(CASES.filter(c => c.template === 'backend-service'))(
  'Kubernetes manifests of $template/$name',
  c => {
    it('have the expected kinds, all labelled for the portal', () => {
      const { files } = result(c);
      const name = c.values.name as string;
      const docs = [...files.keys()]
        .filter(
          f => f.startsWith('k8s/base/') && f !== 'k8s/base/kustomization.yaml',
        )
        .flatMap(f => yamlDocs(text(files, f), f));
      const kinds = docs.map(d => d.kind).sort();
      const deployments = c.values.deploymentStrategy === 'blue-green' ? 2 : 1;
      expect(kinds).toEqual(
        [
          ...Array(deployments).fill('Deployment'),
          ...Array(deployments).fill('HorizontalPodAutoscaler'),
          ...Array(deployments).fill('PodDisruptionBudget'),
          'Service',
          'ServiceAccount',
          'TargetGroupBinding',
        ].sort(),
      );
      for (const doc of docs) {
        expect(doc.metadata.labels).toMatchObject({
          'backstage.io/kubernetes-id': name,
        });
      }
      for (const deployment of docs.filter(d => d.kind === 'Deployment')) {
        expect(
          deployment.spec.template.metadata.labels[
            'backstage.io/kubernetes-id'
          ],
        ).toBe(name);
        expect(deployment.spec.template.spec.serviceAccountName).toBe(name);
        const container = deployment.spec.template.spec.containers[0];
        expect(container.readinessProbe.httpGet.path).toBe(
          '/actuator/health/readiness',
        );
        expect(container.livenessProbe.httpGet.path).toBe(
          '/actuator/health/liveness',
        );
      }
      const kustomization = yamlDocs(
        text(files, 'k8s/base/kustomization.yaml'),
        'k',
      )[0];
      expect(kustomization.namespace).toBe('inbestment');
      for (const [env, account] of [
        ['prod', '111122223333'],
        ['staging', '444455556666'],
      ]) {
        const overlay = text(files, `k8s/overlays/${env}/kustomization.yaml`);
        expect(overlay).toContain(
          `arn:aws:iam::${account}:role/inbestment-${name}`,
        );
      }
    });
  },
);

describe.each(CASES.filter(c => c.values.pipeline === 'github-actions'))(
  'GitHub Actions workflow of $template/$name',
  c => {
    it('keeps its ${{ }} expressions and follows gitflow', () => {
      const workflowText = text(result(c).files, '.github/workflows/ci-cd.yml');
      expect(workflowText).toContain(
        '${{ github.workflow }}-${{ github.ref }}',
      );
      expect(workflowText).toContain(
        "startsWith(github.ref, 'refs/heads/release/')",
      );
      const workflow = yamlDocs(workflowText, 'ci-cd.yml')[0];
      expect(workflow.on.push.branches).toEqual(
        expect.arrayContaining(['develop', 'main', 'release/**', 'hotfix/**']),
      );
      expect(Object.keys(workflow.jobs)).toEqual([
        'build',
        'deploy-staging',
        'deploy-prod',
      ]);
      expect(workflow.jobs['deploy-prod'].environment).toBe('production');
      const prodSteps = JSON.stringify(workflow.jobs['deploy-prod'].steps);
      expect(prodSteps).toMatch(/rollback/);
    });
  },
);

const terraformCases = CASES.filter(
  c => c.template === 'terraform' || c.values.terraform === true,
);

describe.each(terraformCases)('Terraform policy of $template/$name', c => {
  it("keeps state in the store's bucket, one key per environment, locked by S3 lock files", async () => {
    const tf = await parseTerraform(result(c).files);
    expect(tf.get('terraform')!.terraform[0]).toMatchObject({
      backend: { s3: [{}] },
      required_version: '>= 1.11.0',
    });
    const name = (c.values.name ??
      String(c.values.component).split('/')[1]) as string;
    for (const env of ['prod', 'staging']) {
      const file = `terraform/envs/${env}.s3.tfbackend`;
      expect(await parseHcl(file, text(result(c).files, file))).toEqual({
        bucket: 'inbestment-terraform-state',
        key: `components/${name}/${env}/terraform.tfstate`,
        region: 'eu-west-1',
        use_lockfile: true,
        encrypt: true,
      });
    }
  });

  it('passes terraform fmt -check', async () => {
    expect(await terraformFmtProblems(result(c).files)).toEqual([]);
  });

  it('is wired together: variables, module arguments, outputs, tfvars and backend', async () => {
    // storefront-cdn's id differs per account and is looked up at plan time (templates/README.md).
    expect(
      await terraformWiringProblems(result(c).files, [
        'storefront_cdn_distribution_id',
      ]),
    ).toEqual([]);
  });

  it("notifies the owner team's alarm topic, in us-east-1 for CloudFront", async () => {
    const root = (await parseTerraform(result(c).files)).get('terraform')!;
    const isWebsite =
      c.template === 'micro-frontend' ||
      String(c.values.component).endsWith('-mfe');
    const owner = (c.values.owner ??
      CATALOG.find(
        e => `component:default/${e.metadata.name}` === c.values.component,
      )!.spec!.owner) as string;
    const topic = root.data.aws_sns_topic.alarms[0];
    expect(root.variable.alarm_topic_name[0].default).toBe(
      `inbestment-${owner.split('/')[1]}-alarms${
        isWebsite ? '-us-east-1' : ''
      }`,
    );
    expect(topic.name).toBe('${var.alarm_topic_name}');
    expect(topic.provider).toBe(isWebsite ? '${aws.us_east_1}' : undefined);
    const notified = isWebsite
      ? root.resource.aws_cloudwatch_metric_alarm.http_5xx_rate[0].alarm_actions
      : root.module.alarms[0].alarm_topic_arn;
    expect(JSON.stringify(notified)).toContain(
      '${data.aws_sns_topic.alarms.arn}',
    );
  });

  it('never puts a secret value in code or state', () => {
    const withSecretValues = [...result(c).files]
      .filter(([file]) => file.endsWith('.tf'))
      .filter(([, content]) =>
        content.toString().includes('aws_secretsmanager_secret_version'),
      )
      .map(([file]) => file);
    expect(withSecretValues).toEqual([]);
  });
});

describe.each(terraformCases)('WAF label rule of $template/$name', c => {
  it('adds one COUNT rule matching the host and path that labels inbestment:component:<name> (docs/waf.md)', async () => {
    const root = (await parseTerraform(result(c).files)).get('terraform')!;
    const name = (c.values.name ??
      String(c.values.component).split('/')[1]) as string;
    const isWebsite =
      c.template === 'micro-frontend' ||
      String(c.values.component).endsWith('-mfe');
    const group = root.resource.aws_wafv2_rule_group.component_label[0];
    expect(group).toMatchObject({
      name: `inbestment-component-${name}`,
      scope: isWebsite ? 'CLOUDFRONT' : 'REGIONAL',
    });
    expect(group.provider).toBe(isWebsite ? '${aws.us_east_1}' : undefined);
    expect(group.rule).toHaveLength(1);
    const rule = group.rule[0];
    expect(rule.action[0]).toEqual({ count: [{}] });
    expect(rule.rule_label).toEqual([{ name: `inbestment:component:${name}` }]);
    const [host, uriPath] = rule.statement[0].and_statement[0].statement.map(
      (s: any) => s.byte_match_statement[0],
    );
    expect(host).toMatchObject({
      search_string: isWebsite ? 'www.inbestment.shop' : 'api.inbestment.shop',
      positional_constraint: 'EXACTLY',
      field_to_match: [{ single_header: [{ name: 'host' }] }],
    });
    expect(uriPath.positional_constraint).toBe('STARTS_WITH');
    expect(uriPath.search_string).toMatch(
      isWebsite ? /^\/mfe\/.+\/$/ : /^\/api\//,
    );
    expect(rule.visibility_config[0].cloudwatch_metrics_enabled).toBe(true);
  });
});

const isService = (c: Case) =>
  c.template === 'backend-service' ||
  c.values.component === 'component:default/cart-service';

describe.each(terraformCases.filter(isService))(
  'service Terraform of $template/$name',
  c => {
    it('scans images, protects data and secrets, grants least privilege, alarms and routes behind the WAF', async () => {
      const tf = await parseTerraform(result(c).files);
      const mod = (dir: string) => tf.get(`terraform/modules/${dir}`)!;
      const root = tf.get('terraform')!;
      const ecr = mod('ecr').resource.aws_ecr_repository.this[0];
      expect(ecr.image_scanning_configuration[0].scan_on_push).toBe(true);
      expect(mod('ecr').resource.aws_ecr_lifecycle_policy.this).toBeDefined();

      const table = mod('dynamodb').resource.aws_dynamodb_table.this[0];
      expect(table.point_in_time_recovery[0].enabled).toBe(true);
      expect(table.server_side_encryption[0].enabled).toBe(true);

      const secret = mod('secret').resource;
      expect(secret.aws_secretsmanager_secret.this[0].kms_key_id).toBe(
        '${aws_kms_key.secret.arn}',
      );
      expect(secret.aws_kms_key.secret[0].enable_key_rotation).toBe(true);
      expect(secret.aws_secretsmanager_secret_rotation.this).toBeDefined();

      // IRSA: only the component's ServiceAccount, only its own resources.
      const irsa = JSON.stringify(mod('irsa').data.aws_iam_policy_document);
      expect(irsa).toContain(
        'system:serviceaccount:${var.namespace}:${var.service_account}',
      );
      expect(irsa).not.toMatch(
        /"resources":\["\*"\]|"actions":\["[a-z]+:\*"\]/,
      );
      const name = root.locals[0].name;
      expect(root.module.irsa[0].service_account).toBe('${local.name}');
      expect(name).toBe(c.values.name ?? 'cart-service');

      const alarms = mod('alarms');
      const alarmNames = Object.values(
        alarms.resource.aws_cloudwatch_metric_alarm,
      ).map((a: any) => a[0].alarm_name);
      expect(alarmNames).toEqual(
        expect.arrayContaining([
          '${var.prefix}-5xx-rate',
          '${var.prefix}-p99-latency',
          '${var.prefix}-dynamodb-${lower(each.key)}-latency',
        ]),
      );
      expect(
        alarms.resource.aws_cloudwatch_metric_alarm.p99_latency[0]
          .extended_statistic,
      ).toBe('p99');
      expect(alarms.variable.dynamodb_latency_ms[0].default).toBe(10);
      expect(root.module.alarms[0].prefix).toBe(name);

      expect(root.data.aws_wafv2_web_acl.alb[0]).toMatchObject({
        name: 'inbestment-alb',
        scope: 'REGIONAL',
      });
      expect(root.module.alb_route[0].listener_arn).toBe(
        '${data.aws_lb_listener.https.arn}',
      );
      // Deregistration drains within the pods' 60 s termination grace (preStop 15 s, graceful shutdown 30 s).
      expect(
        mod('alb-route').resource.aws_lb_target_group.this[0]
          .deregistration_delay,
      ).toBe(30);
    });
  },
);
