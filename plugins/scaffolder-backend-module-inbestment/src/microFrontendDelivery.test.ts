import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import fs from 'fs-extra';
import { DryRunResult } from './__testUtils__/harness';
import { renderMicroFrontend } from './__testUtils__/microFrontend';
import { parseTerraform, text } from './__testUtils__/checks';

// How a generated micro-frontend joins the store: its Terraform and release script put it into storefront-cdn under
// /mfe/<base>/ and the shell's manifest (store-services/shell-mfe/docs/architecture.md), with no distribution of its own.
jest.setTimeout(180_000);

let result: DryRunResult;

beforeAll(async () => {
  result = await renderMicroFrontend();
}, 180_000);

/** Every resource type declared in any module of the generated Terraform. */
const resourceTypes = (tf: Map<string, Record<string, any>>) =>
  [...tf.values()].flatMap(module => Object.keys(module.resource ?? {}));

describe('the Terraform of a generated micro-frontend', () => {
  it('creates no CloudFront distribution of its own', async () => {
    const tf = await parseTerraform(result.files);
    expect(resourceTypes(tf)).not.toContain('aws_cloudfront_distribution');
    expect(resourceTypes(tf)).toContain('aws_s3_bucket');
  });

  it('lets only storefront-cdn read its private bucket', async () => {
    const tf = await parseTerraform(result.files);
    const root = tf.get('terraform')!;
    const remote = tf.get('terraform/modules/storefront-remote')!;
    expect(root.data.aws_cloudfront_distribution.storefront_cdn[0].id).toBe(
      '${var.storefront_cdn_distribution_id}',
    );
    const call = root.module.remote[0];
    expect(call).toEqual({
      source: './modules/storefront-remote',
      bucket_name: 'inbestment-wishlist-mfe-${var.environment}',
      distribution_arn:
        '${data.aws_cloudfront_distribution.storefront_cdn.arn}',
    });
    // Every argument is a variable of the module, and every variable without a default is given.
    const variables = remote.variable;
    const passed = Object.keys(call).filter(k => k !== 'source');
    expect(passed.filter(k => !variables[k])).toEqual([]);
    expect(
      Object.keys(variables).filter(
        k => variables[k][0].default === undefined && !passed.includes(k),
      ),
    ).toEqual([]);
    expect(
      remote.resource.aws_s3_bucket_public_access_block.this[0],
    ).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const read = remote.data.aws_iam_policy_document.bucket[0].statement.find(
      (s: { sid: string }) => s.sid === 'CloudFrontRead',
    );
    expect(read.condition[0]).toMatchObject({
      variable: 'AWS:SourceArn',
      values: ['${var.distribution_arn}'],
    });
    // release.sh finds the origin access control by the bucket's name.
    expect(
      remote.resource.aws_cloudfront_origin_access_control.this[0].name,
    ).toBe('${var.bucket_name}');
  });

  it('alarms through an SNS topic in us-east-1, where CloudFront metrics are', async () => {
    const tf = await parseTerraform(result.files);
    const root = tf.get('terraform')!;
    const alarm = root.resource.aws_cloudwatch_metric_alarm.http_5xx_rate[0];
    expect(alarm.provider).toBe('${aws.us_east_1}');
    expect(alarm.dimensions.DistributionId).toBe(
      '${var.storefront_cdn_distribution_id}',
    );
    const usEast1 = root.provider.aws.find(
      (p: { alias?: string }) => p.alias === 'us_east_1',
    );
    expect(usEast1.region).toBe('us-east-1');
    expect(root.data.aws_sns_topic.alarms[0].provider).toBe('${aws.us_east_1}');
    expect(alarm.alarm_actions).toEqual(['${data.aws_sns_topic.alarms.arn}']);
  });
  // How the modules are wired together (variables, arguments, outputs) is checked per case in templates.test.ts.
});

describe('the release script of a generated micro-frontend', () => {
  const script = () => text(result.files, 'deploy/release.sh');

  it('passes shellcheck', async () => {
    const shellcheck = spawnSync('shellcheck', ['--version']);
    if (shellcheck.error) {
      throw new Error(
        'shellcheck is missing: run scripts/setup.sh (apt-get install shellcheck)',
      );
    }
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'inbestment-release-'));
    try {
      await fs.writeFile(path.join(dir, 'release.sh'), script());
      const run = spawnSync('shellcheck', ['release.sh'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(run.stdout + run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      await fs.remove(dir);
    }
    expect(result.executables.has('deploy/release.sh')).toBe(true);
  });

  it('serves the remote from storefront-cdn under /mfe/<base>/ and registers it in the shell manifest', () => {
    const release = script();
    expect(release).toContain("LIVE_PATH='/mfe/wishlist/'");
    expect(release).toContain("host='www.inbestment.shop'");
    expect(release).toContain('inbestment-shell-mfe-$env');
    expect(release).toContain('mfe/shell/mf.manifest.json');
    expect(release).not.toMatch(/create-distribution\b/);
  });

  it('smoke-tests only after the invalidation has completed', () => {
    const release = script();
    const invalidate = release.slice(release.indexOf('invalidate() {'));
    expect(invalidate).toMatch(
      /create-invalidation[\s\S]*wait invalidation-completed/,
    );
    const deploy = release.slice(release.indexOf('  deploy)'));
    expect(deploy.indexOf('go_live "$version"')).toBeGreaterThan(-1);
    expect(deploy.indexOf('go_live "$version"')).toBeLessThan(
      deploy.indexOf('smoke_test'),
    );
    const goLive = release.slice(release.indexOf('go_live() {'));
    expect(goLive.slice(0, goLive.indexOf('\n}'))).toContain('invalidate ');
  });
});
