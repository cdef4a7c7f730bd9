import {
  CreateClusterCommand,
  EKSClient,
  ListClustersCommand,
} from '@aws-sdk/client-eks';
import { ConfigReader } from '@backstage/config';
import { MotoServer, startMotoServer } from './testUtils';
import { AwsClientFactory } from './clients';
import { readAwsOpsConfig } from './config';
import { AwsOpsResolver } from './resolver';

describe('AwsClientFactory against moto', () => {
  let moto: MotoServer;
  let factory: AwsClientFactory;
  const target = { accountId: '123456789012', region: 'eu-west-1' };

  beforeAll(async () => {
    moto = await startMotoServer();
    const root = new ConfigReader({
      aws: {
        accounts: [
          {
            accountId: '123456789012',
            accessKeyId: 'test',
            secretAccessKey: 'test',
          },
        ],
      },
      awsOps: {
        source: 'aws',
        endpoint: moto.endpoint,
        accounts: [{ accountId: '123456789012', regions: ['eu-west-1'] }],
      },
    });
    const config = readAwsOpsConfig(root);
    factory = AwsClientFactory.fromConfig(
      root,
      config,
      new AwsOpsResolver(config),
    );
  });

  afterAll(() => moto?.stop());

  it('gives one reused client per account and region that talks to the endpoint', async () => {
    const eks = await factory.getClient(EKSClient, target);
    expect(await factory.getClient(EKSClient, target)).toBe(eks);
    await eks.send(
      new CreateClusterCommand({
        name: 'c1',
        roleArn: 'arn:aws:iam::123456789012:role/eks',
        resourcesVpcConfig: { subnetIds: [] },
      }),
    );
    const { clusters } = await eks.send(new ListClustersCommand({}));
    expect(clusters).toEqual(['c1']);
  });

  it('refuses targets outside the allowlist before making a client', async () => {
    await expect(
      factory.getClient(EKSClient, {
        accountId: '123456789012',
        region: 'us-east-1',
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});
