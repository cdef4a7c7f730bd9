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
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
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
  createStoreWebAcl,
  putWafMetrics,
  wafLogLine,
} from '@internal/backstage-plugin-waf-node/testUtils';
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

/** WAF logs of the ALB's and CloudFront's web ACLs: 20 requests per component in the last 20 minutes. */
export async function seedWaf(endpoint: string, components: Entity[]) {
  const now = Date.now();
  const webAcls: Array<[string, string, string]> = [
    ['inbestment-alb', 'eu-west-1', '/api/'],
    ['inbestment-cloudfront', 'us-east-1', '/mfe/'],
  ];
  // The web ACLs with each component's label rule group (templates/shared/terraform)
  // and 24 h of the label metrics WAF publishes for them.
  for (const [webAcl, region] of webAcls) {
    const scope = webAcl === 'inbestment-alb' ? 'REGIONAL' : 'CLOUDFRONT';
    const mine = components.filter(
      c => (c.spec?.type === 'website') === (scope === 'CLOUDFRONT'),
    );
    await createStoreWebAcl({
      endpoint,
      region,
      name: webAcl,
      scope,
      metricName: webAcl,
      groupComponents: mine.map(c => ({
        name: c.metadata.name,
        pathPrefix: `/${c.metadata.name}/`,
      })),
    });
    await putWafMetrics(
      endpoint,
      region,
      mine.flatMap((component, index) =>
        ['AllowedRequests', 'BlockedRequests'].flatMap(metricName =>
          Array.from({ length: 24 }, (_, hour) => ({
            metricName,
            dimensions: {
              WebACL: webAcl,
              ...(scope === 'REGIONAL' ? { Region: region } : {}),
              LabelNamespace: `awswaf:${ACCOUNT}:rulegroup:inbestment-component-${component.metadata.name}:inbestment:component`,
              Label: component.metadata.name,
            },
            time: now - hour * 3_600_000 - 60_000,
            value:
              metricName === 'AllowedRequests'
                ? 500 + index * 10
                : 2 + (index % 5 === 0 ? 8 : 0),
          })),
        ),
      ),
    );
  }
  // Log lines for the blocked-requests sample (Logs Insights).
  for (const [webAcl, region, prefix] of webAcls) {
    const logs = new CloudWatchLogsClient({ region, endpoint });
    const logGroupName = `aws-waf-logs-${webAcl}`;
    await logs.send(new CreateLogGroupCommand({ logGroupName }));
    await logs.send(
      new CreateLogStreamCommand({ logGroupName, logStreamName: 'local' }),
    );
    const events = components.flatMap((component, index) =>
      Array.from({ length: 20 }, (_, i) => {
        const short = component.metadata.name.replace(/-(service|mfe)$/, '');
        const timestamp = now - (i + 1) * 60_000;
        return {
          timestamp,
          message: wafLogLine({
            timestamp,
            uri: `${prefix}${short}/items/${i}`,
            action: i % (index % 5 === 0 ? 2 : 9) === 0 ? 'BLOCK' : 'ALLOW',
            rule: 'AWS-AWSManagedRulesCommonRuleSet',
          }),
        };
      }),
    );
    events.sort((a, b) => a.timestamp - b.timestamp);
    await logs.send(
      new PutLogEventsCommand({
        logGroupName,
        logStreamName: 'local',
        logEvents: events,
      }),
    );
    logs.destroy();
  }
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
