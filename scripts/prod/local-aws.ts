/*
 * The store's AWS estate for the local production run (scripts/start-prod.sh):
 * fills a running moto server through the real AWS APIs with what the demo
 * source simulates (EKS clusters and node groups, CloudWatch alarms, web ACLs
 * with their label metrics and WAF logs, secrets, IAM roles, users and groups, the TechDocs bucket), starts one Kubernetes API
 * server per cluster serving the demo's workloads (EKS token checked), writes
 * their URLs to the file named by LOCAL_AWS_STATE_FILE and keeps serving until
 * SIGTERM/SIGINT.
 *
 *   LOCAL_AWS_ENDPOINT=http://127.0.0.1:7500 LOCAL_AWS_STATE_FILE=data/prod/local-aws.json \
 *   AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test TECHDOCS_BUCKET=inbestment-techdocs \
 *   node --require @backstage/cli-node/config/nodeTransform.cjs scripts/prod/local-aws.ts
 *
 * The same seeding as the aws-source benchmarks (bench/ops-health.ts,
 * bench/access-audit.ts, which keep their own copies for now), with the
 * production layout of environments: prod and staging both in eu-west-1 (one
 * moto account instead of two).
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Entity } from '@backstage/catalog-model';
import {
  loadStoreServices,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  loadScenario,
  seedAccess,
  seedAlarms as seedScenarioAlarms,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  loadScenario as loadWafScenario,
  seedWafScenario,
} from '@internal/backstage-plugin-aws-ops-demo';
import fs from 'node:fs';
import path from 'node:path';
import { startSimulatedEks } from '../../bench/simulatedEks';

const REPO = path.resolve(__dirname, '../..');
const ACCOUNT = '123456789012';
const ENVIRONMENTS = [
  { name: 'prod', region: 'eu-west-1', eksCluster: 'inbestment-prod' },
  { name: 'staging', region: 'eu-west-1', eksCluster: 'inbestment-staging' },
];

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

/**
 * The scenario's CloudWatch alarms, their states now and 3 hours of their
 * metrics: the same seeder as bench/cloudwatch-alarms.ts and the tests. Prod
 * and staging share a region here, so an alarm name both have is prod's.
 */
export async function seedAlarms(
  endpoint: string,
  // The scenario reads the same store folder itself.
  _components: Entity[],
) {
  const scenario = await loadScenario({
    storeServicesDir: path.join(REPO, 'store-services'),
  });
  await seedScenarioAlarms({
    scenario,
    endpoint,
    environments: ENVIRONMENTS.map(e => ({ ...e, accountId: ACCOUNT })),
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    },
  });
}

/**
 * The scenario's web ACLs (label rule group per component), 24 h of their
 * AWS/WAFV2 metrics and the last hour's blocked-request log lines: the same
 * seeder as bench/waf-events.ts and the WAF service tests. Prod and staging
 * share the account and region here, so their traffic is summed.
 */
export async function seedWaf(
  endpoint: string,
  // The scenario reads the same store folder itself.
  _components: Entity[],
) {
  const scenario = await loadWafScenario({
    storeServicesDir: path.join(REPO, 'store-services'),
  });
  await seedWafScenario(scenario, {
    endpoint,
    accountId: ACCOUNT,
    environments: ENVIRONMENTS.map(e => e.name),
  });
}

/**
 * The scenario's secrets (KMS keys, rotation, resource policies), roles,
 * users and groups: the same seeder as bench/access-audit.ts and the tests.
 */
export async function seedSecretsAndRoles(
  endpoint: string,
  // The scenario reads the same store folder itself.
  _store: StoreService[],
) {
  const scenario = await loadScenario({
    storeServicesDir: path.join(REPO, 'store-services'),
  });
  await seedAccess(scenario, {
    endpoint,
    environments: ENVIRONMENTS.map(e => ({ ...e, accountId: ACCOUNT })),
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
    },
  });
}

async function main() {
  const endpoint = required('LOCAL_AWS_ENDPOINT');
  const stateFile = required('LOCAL_AWS_STATE_FILE');
  const bucket = required('TECHDOCS_BUCKET');
  const started = Date.now();

  const store = await loadStoreServices(path.join(REPO, 'store-services'));
  const components = store
    .flatMap(s => s.entities)
    .filter(e => e.kind === 'Component');

  const eks = await startSimulatedEks({
    motoEndpoint: endpoint,
    store,
    environments: ENVIRONMENTS,
  });
  await seedAlarms(endpoint, components);
  await seedWaf(endpoint, components);
  await seedSecretsAndRoles(endpoint, store);
  const s3 = new S3Client({
    region: 'eu-west-1',
    endpoint,
    forcePathStyle: true,
  });
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  s3.destroy();

  const kubernetesApiUrls = Object.fromEntries(
    eks.environments.map(e => [e.name, e.kubernetesApiUrl]),
  );
  fs.writeFileSync(
    stateFile,
    `${JSON.stringify({ endpoint, bucket, kubernetesApiUrls }, null, 2)}\n`,
  );
  console.log(
    `[local-aws] moto seeded in ${((Date.now() - started) / 1000).toFixed(
      1,
    )} s: ${
      components.length
    } components; Kubernetes API servers ${Object.values(
      kubernetesApiUrls,
    ).join(' ')}`,
  );

  const stop = async () => {
    await eks.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

// The seed functions are shared (replica tests); run directly it is the script.
if (require.main === module) {
  main().catch(error => {
    console.error('[local-aws]', error);
    process.exit(1);
  });
}
