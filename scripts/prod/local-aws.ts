/*
 * The store's AWS estate for the local production run (scripts/start-prod.sh):
 * fills a running moto server through the real AWS APIs with the demo
 * scenario (plugins/aws-ops-demo: EKS clusters and node groups, CloudWatch
 * alarms and their metrics, web ACLs with their label metrics and WAF logs,
 * secrets, IAM roles, users and groups) and the TechDocs bucket, starts one
 * Kubernetes API server per cluster serving the scenario's workloads (EKS
 * token checked), writes their URLs to the file named by
 * LOCAL_AWS_STATE_FILE and keeps serving until SIGTERM/SIGINT.
 *
 *   LOCAL_AWS_ENDPOINT=http://127.0.0.1:7500 LOCAL_AWS_STATE_FILE=data/prod/local-aws.json \
 *   AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test TECHDOCS_BUCKET=inbestment-techdocs \
 *   node --require @backstage/cli-node/config/nodeTransform.cjs scripts/prod/local-aws.ts
 *
 * The same seeders as the benchmarks and the moto tests, with the production
 * layout of environments: prod and staging both in eu-west-1 of moto's one
 * account, so an alarm name both have is prod's and their WAF traffic is
 * summed.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  loadScenario,
  seedAccess,
  seedAlarms,
  seedWafScenario,
} from '@internal/backstage-plugin-aws-ops-demo';
import fs from 'node:fs';
import path from 'node:path';
import {
  MOTO_ACCOUNT,
  productionLayoutEnvironments,
  startSimulatedEks,
} from '../../bench/simulatedEks';

const REPO = path.resolve(__dirname, '../..');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set`);
  return value;
}

async function main() {
  const endpoint = required('LOCAL_AWS_ENDPOINT');
  const stateFile = required('LOCAL_AWS_STATE_FILE');
  const bucket = required('TECHDOCS_BUCKET');
  const started = Date.now();
  const credentials = {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'test',
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'test',
  };
  const environments = productionLayoutEnvironments.map(e => ({
    ...e,
    accountId: MOTO_ACCOUNT,
  }));

  const scenario = await loadScenario({
    storeServicesDir: path.join(REPO, 'store-services'),
  });
  const components = scenario.store
    .flatMap(s => s.entities)
    .filter(e => e.kind === 'Component');

  const eks = await startSimulatedEks({
    motoEndpoint: endpoint,
    store: scenario.store,
    environments: productionLayoutEnvironments,
  });
  await seedAlarms({ scenario, endpoint, environments, credentials });
  await seedWafScenario(scenario, {
    endpoint,
    accountId: MOTO_ACCOUNT,
    environments: productionLayoutEnvironments.map(e => e.name),
  });
  await seedAccess(scenario, { endpoint, environments, credentials });
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

main().catch(error => {
  console.error('[local-aws]', error);
  process.exit(1);
});
