import { ConfigReader } from '@backstage/config';
import { readAwsOpsConfig } from './config';

describe('readAwsOpsConfig', () => {
  it('defaults to no accounts', () => {
    const config = readAwsOpsConfig(new ConfigReader({}));
    expect(config.accounts).toEqual([]);
    expect(config.cache).toEqual({
      liveTtlMs: 15_000,
      lookupTtlMs: 300_000,
      maxLocalEntries: 5000,
      maxStaleMs: 86_400_000,
    });
    expect(config.replicas).toBe(2);
  });

  it('refuses an environment outside the allowlist at startup', () => {
    expect(() =>
      readAwsOpsConfig(
        new ConfigReader({
          awsOps: {
            accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
            environments: [
              { name: 'prod', accountId: '111122223333', region: 'us-east-1' },
            ],
          },
        }),
      ),
    ).toThrow(/prod.*111122223333\/us-east-1 is not in awsOps.accounts/);
  });

  it('refuses malformed account ids', () => {
    expect(() =>
      readAwsOpsConfig(
        new ConfigReader({
          awsOps: { accounts: [{ accountId: '1234', regions: ['eu-west-1'] }] },
        }),
      ),
    ).toThrow(/12-digit/);
  });
});
