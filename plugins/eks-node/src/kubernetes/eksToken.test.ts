import { checkEksToken } from '../testUtils/fakeKubernetes';
import { createEksToken, stsEndpointOf } from './eksToken';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };

describe('createEksToken', () => {
  it('makes a k8s-aws-v1 token that presigns GetCallerIdentity for exactly one cluster', async () => {
    const token = await createEksToken({
      credentials: async () => credentials,
      region: 'eu-west-1',
      clusterName: 'inbestment-prod',
    });
    expect(token).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(
      Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60');
    const expected = { region: 'eu-west-1', ...credentials };
    await expect(
      checkEksToken(`Bearer ${token}`, {
        ...expected,
        clusterName: 'inbestment-prod',
      }),
    ).resolves.toBeUndefined();
    await expect(
      checkEksToken(`Bearer ${token}`, {
        ...expected,
        clusterName: 'inbestment-staging',
      }),
    ).resolves.toMatch(/signature does not match/);
  });
});

describe('stsEndpointOf / createEksToken partitions', () => {
  const urlOf = (token: string) =>
    new URL(
      Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
    );

  it.each([
    [
      'arn:aws:eks:eu-west-1:111122223333:cluster/inbestment-prod',
      'aws',
      'eu-west-1',
      'sts.eu-west-1.amazonaws.com',
    ],
    [
      'arn:aws-cn:eks:cn-north-1:111122223333:cluster/inbestment-cn',
      'aws-cn',
      'cn-north-1',
      'sts.cn-north-1.amazonaws.com.cn',
    ],
    [
      'arn:aws-us-gov:eks:us-gov-west-1:111122223333:cluster/inbestment-gov',
      'aws-us-gov',
      'us-gov-west-1',
      'sts.us-gov-west-1.amazonaws.com',
    ],
  ])(
    'signs a token for %s at its partition STS endpoint',
    async (arn, partition, region, hostname) => {
      expect(stsEndpointOf({ arn, region: 'eu-west-1' })).toEqual({
        partition,
        region,
        hostname,
      });
      const clusterName = arn.split('/')[1];
      const token = await createEksToken({
        credentials: async () => credentials,
        region,
        clusterName,
        clusterArn: arn,
      });
      const url = urlOf(token);
      expect(url.hostname).toBe(hostname);
      expect(url.searchParams.get('X-Amz-Credential')).toContain(
        `/${region}/sts/aws4_request`,
      );
      const expected = { region, clusterName, ...credentials };
      await expect(
        checkEksToken(`Bearer ${token}`, { ...expected, stsHost: hostname }),
      ).resolves.toBeUndefined();
    },
  );

  it("makes an aws-cn cluster's token invalid at the commercial partition's endpoint", async () => {
    const token = await createEksToken({
      credentials: async () => credentials,
      region: 'cn-north-1',
      clusterName: 'inbestment-cn',
      clusterArn:
        'arn:aws-cn:eks:cn-north-1:111122223333:cluster/inbestment-cn',
    });
    await expect(
      checkEksToken(`Bearer ${token}`, {
        region: 'cn-north-1',
        clusterName: 'inbestment-cn',
        ...credentials,
      }),
    ).resolves.toMatch(/wrong STS host sts\.cn-north-1\.amazonaws\.com\.cn/);
  });

  it('falls back to the region name without an ARN and refuses unknown partitions', () => {
    expect(stsEndpointOf({ region: 'cn-northwest-1' }).hostname).toBe(
      'sts.cn-northwest-1.amazonaws.com.cn',
    );
    expect(stsEndpointOf({ region: 'us-gov-east-1' }).partition).toBe(
      'aws-us-gov',
    );
    expect(() =>
      stsEndpointOf({
        arn: 'arn:aws-mars:eks:mars-1:111122223333:cluster/x',
        region: 'mars-1',
      }),
    ).toThrow(/Unknown AWS partition 'aws-mars'/);
    expect(() =>
      stsEndpointOf({ arn: 'cluster/x', region: 'eu-west-1' }),
    ).toThrow(/not an ARN/);
  });
});
