import { ConfigReader } from '@backstage/config';
import { loadConfig } from '@backstage/config-loader';
import { readAwsOpsConfig } from '@internal/backstage-plugin-aws-ops-node';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../../..');

const env: Record<string, string> = {
  PORTAL_BASE_URL: 'https://portal.inbestment.shop',
  BACKEND_SECRET: 'x'.repeat(32),
  POSTGRES_HOST: 'db',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'portal',
  POSTGRES_PASSWORD: 'secret',
  AWS_OPS_PROD_ACCOUNT_ID: '210987654321',
  AWS_OPS_STAGING_ACCOUNT_ID: '123456789012',
  AWS_OPS_EXTERNAL_ID: 'portal-external-id',
};

/** app-config.yaml with app-config.production.yaml on top, as production runs it. */
async function productionConfig() {
  const { appConfigs } = await loadConfig({
    configRoot: REPO,
    configTargets: [
      { path: path.join(REPO, 'app-config.yaml') },
      { path: path.join(REPO, 'app-config.production.yaml') },
    ],
    experimentalEnvFunc: async name => env[name],
  });
  return ConfigReader.fromConfigs(appConfigs);
}

describe('production config on top of the embedded default', () => {
  it('reads real AWS through the read-only role, with the demo source off', async () => {
    const config = await productionConfig();
    const awsOps = readAwsOpsConfig(config);
    expect(config.getOptional('awsOps.demo')).toBeUndefined();
    expect(awsOps.endpoint).toBeUndefined();
    expect(awsOps.accounts).toEqual([
      { accountId: '210987654321', regions: ['eu-west-1', 'us-east-1'] },
      { accountId: '123456789012', regions: ['eu-west-1', 'us-east-1'] },
    ]);
    expect(awsOps.environments.map(e => [e.name, e.accountId])).toEqual([
      ['prod', '210987654321'],
      ['staging', '123456789012'],
    ]);
    expect(config.get('aws.accounts')).toEqual([
      {
        accountId: '210987654321',
        roleName: 'inbestment-portal-readonly',
        externalId: 'portal-external-id',
      },
      {
        accountId: '123456789012',
        roleName: 'inbestment-portal-readonly',
        externalId: 'portal-external-id',
      },
    ]);
  });

  it('uses PostgreSQL and a backend secret, and no guest sign-in', async () => {
    const config = await productionConfig();
    expect(config.getString('backend.database.client')).toBe('pg');
    expect(config.getString('backend.database.connection.host')).toBe('db');
    expect(
      config.getConfigArray('backend.auth.keys')[0].getString('secret'),
    ).toHaveLength(32);
    expect(config.getOptional('auth.providers.guest')).toBeUndefined();
    expect(config.getOptional('auth.providers.demo')).toBeUndefined();
    expect(config.getString('auth.environment')).toBe('production');
  });
});
