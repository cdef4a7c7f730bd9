/*
 * Benchmark of the access-audit routes on the aws source.
 *
 *   npm run bench:access-audit                   # the scenario's prod secrets
 *   npm run bench:access-audit -- --secrets 1000 # plus filler secrets up to 1,000
 *
 * moto (Secrets Manager, KMS, IAM) is filled through the real APIs by the demo
 * scenario's seeder (`seedAccess` from aws-ops-demo: the `access` section of
 * the scenario file, its prod environment), behind a counting proxy. Prints:
 * - p50/p95 latency of the entity route for all services under 20 concurrent
 *   clients, cold (fresh backend) and warm;
 * - latency of the store-wide findings route, cold and warm;
 * - AWS calls made by a cold store-wide request and by a warm one;
 * - GetResourcePolicy's peak rate (calls in any one second), which must stay
 *   under the replica's share of the hard 50/s account quota.
 * With --secrets N, filler secrets (every tenth with a resource policy) are
 * spread over the services' prefixes up to N, so the fan-out is the store's
 * real scale; results go to bench/results/access-audit-<N>.json.
 */
import {
  CreateSecretCommand,
  ListSecretsCommand,
  PutResourcePolicyCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  loadScenario,
  seedAccess,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  fromStoreFiles,
  startFaultProxy,
  startMotoServer,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import path from 'node:path';
import { baseUrlOf, closeConnections, concurrentRound, timedGet } from './lib';
import { createReport } from './report';
import accessAudit from '../plugins/access-audit-backend/src';

const STORE_SERVICES = path.resolve(__dirname, '../store-services');
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const CLIENTS = 20;
const WARM_ROUNDS = 5;
const secretsArg = process.argv.indexOf('--secrets');
const SECRETS = secretsArg > 0 ? Number(process.argv[secretsArg + 1]) : 0;
if (secretsArg > 0 && !(SECRETS > 0)) {
  throw new Error('--secrets needs a number of secrets');
}
const report = createReport(
  SECRETS ? `access-audit-${SECRETS}` : 'access-audit',
);

/** Send times of GetResourcePolicy, recorded in the backend's own client. */
const resourcePolicyCalls: number[] = [];
const realSend = SecretsManagerClient.prototype.send;
SecretsManagerClient.prototype.send = function send(
  this: SecretsManagerClient,
  command: any,
  ...rest: any[]
) {
  if (command?.constructor?.name === 'GetResourcePolicyCommand') {
    resourcePolicyCalls.push(Date.now());
  }
  return (realSend as any).call(this, command, ...rest);
} as any;

/** The most calls in any one second. */
function peakPerSecond(times: number[]): number {
  let peak = 0;
  let first = 0;
  const sorted = [...times].sort((a, b) => a - b);
  sorted.forEach((t, i) => {
    while (sorted[first] <= t - 1000) first++;
    peak = Math.max(peak, i - first + 1);
  });
  return peak;
}

async function fillMoto(endpoint: string) {
  const scenario = await loadScenario({ storeServicesDir: STORE_SERVICES });
  const seeded = await seedAccess(scenario, {
    endpoint,
    environments: [{ name: 'prod', accountId: ACCOUNT, region: REGION }],
  });
  const sm = new SecretsManagerClient({
    region: REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  // Filler secrets up to --secrets, spread over the services' prefixes.
  const { SecretList = [] } = await sm.send(
    new ListSecretsCommand({ MaxResults: 100 }),
  );
  const prefixes = [
    ...new Set(
      SecretList.map(s => s.Name!.slice(0, s.Name!.lastIndexOf('/') + 1)),
    ),
  ].sort();
  const fillers = Math.max(0, SECRETS - seeded.secrets);
  for (let i = 0; i < fillers; i++) {
    const name = `${prefixes[i % prefixes.length]}filler-${i}`;
    await sm.send(
      new CreateSecretCommand({ Name: name, SecretString: 'bench' }),
    );
    if (i % 10 === 0) {
      await sm.send(
        new PutResourcePolicyCommand({
          SecretId: name,
          ResourcePolicy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'DenyOutsideOrg',
                Effect: 'Deny',
                Principal: '*',
                Action: 'secretsmanager:GetSecretValue',
                Resource: '*',
                Condition: {
                  StringNotEquals: { 'aws:PrincipalOrgID': 'o-inbestment' },
                },
              },
            ],
          }),
        }),
      );
    }
  }
  sm.destroy();
  return {
    ...seeded,
    store: scenario.store,
    secrets: seeded.secrets + fillers,
  };
}

/** Calls per API from the proxy's request lines. */
function apiCounts(lines: string[]): Map<string, number> {
  const byApi = new Map<string, number>();
  for (const line of lines) {
    // IAM's query protocol carries no X-Amz-Target header.
    const api =
      /target=(\S+)/.exec(line)?.[1] ??
      'iam (GetAccountAuthorizationDetails, GetPolicy)';
    byApi.set(api, (byApi.get(api) ?? 0) + 1);
  }
  return byApi;
}

async function main() {
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  const moto = await startMotoServer();
  const proxy = await startFaultProxy({ target: moto.endpoint });
  const filling = Date.now();
  const { store, secrets, roles, users, groups } = await fillMoto(
    moto.endpoint,
  );
  console.log(`moto filled in ${((Date.now() - filling) / 1000).toFixed(1)} s`);
  const entities = store
    .flatMap(s => s.entities)
    .filter(e => e.kind === 'Component')
    .map(e => ({ ...e, metadata: { ...e.metadata, namespace: 'default' } }));
  const services = entities
    .filter(e => e.spec?.type === 'service')
    .map(e => e.metadata.name);
  console.log(
    `Access-audit benchmark (aws source on moto): ${entities.length} components, ${secrets} secrets, ${roles} roles, ${users} users, ${groups} groups, Node ${process.version}`,
  );
  report.figure('secrets', secrets);
  report.figure('roles', roles);

  const start = () =>
    startTestBackend({
      features: [
        accessAudit,
        catalogServiceMock.factory({ entities: entities.map(fromStoreFiles) }),
        mockServices.rootConfig.factory({
          data: {
            // The store's own files: their components hold every claim they make.
            inbestment: { catalogFiles: STORE_CATALOG_FILES },
            awsOps: {
              endpoint: proxy.url,
              accounts: [{ accountId: ACCOUNT, regions: [REGION] }],
              environments: [
                { name: 'prod', accountId: ACCOUNT, region: REGION },
              ],
            },
          },
        }),
      ],
    });

  const calls = () => proxy.requests.length;
  const entityBackend = await start();
  const entityStarted = Date.now();
  const urls = services.map(
    name =>
      `${baseUrlOf(
        entityBackend,
      )}/api/access-audit/entities/component/default/${name}/secrets`,
  );
  const cold = await concurrentRound(CLIENTS, urls);
  const entityColdMs = Date.now() - entityStarted;
  const entityPeak = peakPerSecond(resourcePolicyCalls);
  resourcePolicyCalls.length = 0;
  const warm: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) {
    warm.push(...(await concurrentRound(CLIENTS, urls)));
  }
  await entityBackend.stop();

  const findingsBackend = await start();
  const findingsUrl = `${baseUrlOf(findingsBackend)}/api/access-audit/findings`;
  let before = calls();
  const byApiBefore = proxy.requests.length;
  const coldFindings = await timedGet(findingsUrl);
  const coldCalls = calls() - before;
  const coldByApi = apiCounts(proxy.requests.slice(byApiBefore));
  const findingsPeak = peakPerSecond(resourcePolicyCalls);

  before = calls();
  const warmFindings: number[] = [];
  for (let i = 0; i < 20; i++) {
    warmFindings.push((await timedGet(findingsUrl)).ms);
  }
  const warmCalls = (calls() - before) / 20;
  const csv = await timedGet(`${findingsUrl}?format=csv`);
  await findingsBackend.stop();

  report.section('aws source (moto on loopback)');
  console.log(`latency ms                                       p50      p95`);
  console.log(
    `  entity route, cold (${
      services.length
    } services x ${CLIENTS} clients) ${report.latency(
      'entity route cold',
      cold,
    )}`,
  );
  console.log(
    `  entity route, warm (${WARM_ROUNDS} rounds)                 ${report.latency(
      'entity route warm',
      warm,
    )}`,
  );
  console.log(
    `  store-wide findings, cold (1 request)       ${report
      .figure('store-wide findings cold ms', coldFindings.ms)
      .toFixed(1)
      .padStart(7)}`,
  );
  console.log(
    `  store-wide findings, warm (20 requests)     ${report.latency(
      'store-wide findings warm',
      warmFindings,
    )}`,
  );
  console.log(
    `  CSV export, warm                            ${report
      .figure('CSV export warm ms', csv.ms)
      .toFixed(1)
      .padStart(7)}`,
  );
  console.log(
    `AWS calls per store-wide request: cold ${report.figure(
      'AWS calls per store-wide request cold',
      coldCalls,
    )}, warm ${report.figure(
      'AWS calls per store-wide request warm',
      warmCalls,
    )}`,
  );
  console.log(
    `AWS calls of a cold store-wide request (one full refresh) by API: ${report.figure(
      'cold store-wide calls by API',
      [...coldByApi].map(([k, v]) => `${k} ${v}`).join(', '),
    )}`,
  );
  console.log(
    `GetResourcePolicy peak per second: entity round ${report.figure(
      'GetResourcePolicy peak per second (entity round)',
      entityPeak,
    )}, store-wide ${report.figure(
      'GetResourcePolicy peak per second (store-wide cold)',
      findingsPeak,
    )} (quota 50/s per account, 25/s per replica with 2 replicas)`,
  );
  console.log(
    `  entity round, cold, all ${services.length} services: ${report.figure(
      'entity round cold total ms',
      entityColdMs,
    )} ms`,
  );
  console.log(
    `AWS calls in total by API: ${[...apiCounts(proxy.requests)]
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );

  closeConnections();
  await proxy.close();
  await moto.stop();
  report.write();
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
