import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import {
  CreateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import {
  FaultProxy,
  getFreePort,
  MotoServer,
  startFaultProxy,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { AwsAccessAuditProvider } from './AwsAccessAuditProvider';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const SECRETS = 40;
// AWS managed policies moto knows; each is read with GetPolicy + GetPolicyVersion.
const AWS_MANAGED = [
  'ReadOnlyAccess',
  'SecurityAudit',
  'AmazonS3ReadOnlyAccess',
  'AmazonEC2ReadOnlyAccess',
  'IAMReadOnlyAccess',
  'AWSLambda_ReadOnlyAccess',
  'CloudWatchReadOnlyAccess',
  'AmazonDynamoDBReadOnlyAccess',
].map(name => `arn:aws:iam::aws:policy/${name}`);

jest.setTimeout(60_000);

/**
 * moto knows AWS managed policies only with MOTO_IAM_LOAD_MANAGED_POLICIES
 * in its environment (it has no API switch for it), so this test starts its
 * own server with it.
 */
async function startMotoWithAwsManagedPolicies(): Promise<MotoServer> {
  const port = await getFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const child = spawn(
    'python3',
    ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)],
    {
      stdio: 'ignore',
      env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
    },
  );
  const exited = once(child, 'exit');
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error('moto server exited early');
    const ok = await fetch(`${endpoint}/moto-api/data.json`)
      .then(res => res.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`moto server did not start on ${endpoint}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  return {
    endpoint,
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
    },
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Records when each command of a client class is sent and how many were in flight at once. */
function recordSends(clientClass: { prototype: { send: any } }, label: string) {
  const real = clientClass.prototype.send;
  const sent = new Map<string, number[]>();
  const inFlight = new Map<string, number>();
  const maxInFlight = new Map<string, number>();
  jest
    .spyOn(clientClass.prototype, 'send')
    .mockImplementation(async function send(
      this: any,
      command: any,
      ...rest: any[]
    ) {
      // Per command, and all commands of the client under its service name.
      const names = [command.constructor.name, label];
      for (const name of names) {
        sent.set(name, [...(sent.get(name) ?? []), Date.now()]);
        inFlight.set(name, (inFlight.get(name) ?? 0) + 1);
        maxInFlight.set(
          name,
          Math.max(maxInFlight.get(name) ?? 0, inFlight.get(name)!),
        );
      }
      try {
        return await real.call(this, command, ...rest);
      } finally {
        for (const name of names) inFlight.set(name, inFlight.get(name)! - 1);
      }
    } as any);
  return {
    sent: (name: string) => sent.get(name) ?? [],
    maxInFlight: (name: string) => maxInFlight.get(name) ?? 0,
    /** Most sends of `name` in any half-open window of `ms`. */
    mostWithin: (name: string, ms: number) => {
      const times = sent.get(name) ?? [];
      return Math.max(
        0,
        ...times.map(
          start => times.filter(t => t >= start && t < start + ms).length,
        ),
      );
    },
  };
}

describe('AwsAccessAuditProvider fan-outs (moto)', () => {
  let moto: MotoServer;
  let proxy: FaultProxy;
  const arns: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
    moto = await startMotoWithAwsManagedPolicies();
    proxy = await startFaultProxy({ target: moto.endpoint });
    const settings = {
      region: REGION,
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    };
    const sm = new SecretsManagerClient(settings);
    for (let i = 0; i < SECRETS; i++) {
      const { ARN } = await sm.send(
        new CreateSecretCommand({
          Name: `inbestment/svc-${i}/token`,
          SecretString: 'x',
        }),
      );
      arns.push(ARN!);
    }
    sm.destroy();
    const iam = new IAMClient(settings);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'reader',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
      }),
    );
    for (const PolicyArn of AWS_MANAGED) {
      await iam.send(
        new AttachRolePolicyCommand({ RoleName: 'reader', PolicyArn }),
      );
    }
    iam.destroy();
  });

  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    process.env = savedEnv;
    await proxy?.close();
    await moto?.stop();
  });

  const provider = () =>
    new AwsAccessAuditProvider(
      createAwsOpsService(
        new ConfigReader({
          awsOps: {
            source: 'aws',
            endpoint: proxy.url,
            // Two replicas share the account's 50/s GetResourcePolicy quota.
            replicas: 2,
            accounts: [{ accountId: ACCOUNT, regions: [REGION] }],
            environments: [
              { name: 'prod', accountId: ACCOUNT, region: REGION },
            ],
          },
        }),
        mockServices.logger.mock(),
        memoryCacheService(),
      ),
    );
  const target = { accountId: ACCOUNT, region: REGION };

  it("keeps GetResourcePolicy within this replica's share of the 50/s quota however many are asked at once", async () => {
    const calls = recordSends(SecretsManagerClient, 'secretsmanager');
    const GRP = 'GetResourcePolicyCommand';
    // One replica's provider (one shared layer) asked for every secret at once.
    const aws = provider();
    const started = Date.now();
    const policies = await Promise.all(
      arns.map(arn => aws.getResourcePolicy(target, arn)),
    );
    const elapsed = Date.now() - started;
    expect(policies).toEqual(arns.map(() => undefined));
    expect(calls.sent(GRP)).toHaveLength(SECRETS);
    // 25 per second per replica (one more for the millisecond timers): 40 calls take at least 39 × 40 ms.
    expect(calls.mostWithin(GRP, 1000)).toBeLessThanOrEqual(26);
    expect(elapsed).toBeGreaterThanOrEqual((SECRETS - 1) * 40 - 5);
    expect(calls.maxInFlight(GRP)).toBeLessThanOrEqual(8);
  });

  it('reads IAM in pages and the attached AWS managed policies within the IAM budget', async () => {
    const calls = recordSends(IAMClient, 'iam');
    const iam = await provider().listIam(target);
    const reader = iam.roles.find(r => r.roleName === 'reader')!;
    expect(reader.managedPolicies.map(p => p.arn).sort()).toEqual(
      [...AWS_MANAGED].sort(),
    );
    // Every attached AWS managed policy's document was read.
    expect(reader.managedPolicies.every(p => p.document)).toBe(true);
    expect(calls.sent('GetAccountAuthorizationDetailsCommand')).toHaveLength(1);
    expect(calls.sent('GetPolicyCommand')).toHaveLength(AWS_MANAGED.length);
    expect(calls.sent('GetPolicyVersionCommand')).toHaveLength(
      AWS_MANAGED.length,
    );
    // Every IAM read shares the account's IAM budget: 20/s for the account, 10/s for this replica.
    expect(calls.mostWithin('iam', 1000)).toBeLessThanOrEqual(11);
    expect(calls.maxInFlight('iam')).toBeLessThanOrEqual(4);
  });
});
