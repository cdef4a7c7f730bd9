import { checkEksToken } from '../testUtils/fakeKubernetes';
import { createEksToken } from './eksToken';

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
