import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AwsOpsCache,
  AwsTarget,
  createAwsOpsService,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  loadStoreServices,
  StoreService,
} from '@internal/backstage-plugin-aws-ops-demo';
import {
  grantAsStoreEntity,
  memoryCacheService,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import path from 'node:path';
import { readAccessAuditConfig } from '../config';
import { DemoAccessAuditProvider } from '../providers/DemoAccessAuditProvider';
import { AccessAuditService } from './AccessAuditService';

const config = new ConfigReader({
  awsOps: {
    source: 'demo',
    accounts: [
      { accountId: '111122223333', regions: ['eu-west-1'] },
      { accountId: '444455556666', regions: ['eu-west-1'] },
    ],
    environments: [
      { name: 'prod', accountId: '111122223333', region: 'eu-west-1' },
      { name: 'staging', accountId: '444455556666', region: 'eu-west-1' },
    ],
  },
});

/** The demo provider whose secrets listing starts failing on demand. */
class FlakyProvider extends DemoAccessAuditProvider {
  failing = false;
  async listSecrets(target: AwsTarget) {
    if (this.failing) {
      const error = new Error('Rate exceeded');
      error.name = 'ThrottlingException';
      throw error;
    }
    return super.listSecrets(target);
  }
}

describe('AccessAuditService', () => {
  let services: StoreService[];
  const entity = (name: string): Entity =>
    services.flatMap(s => s.entities).find(e => e.metadata.name === name)!;

  beforeAll(async () => {
    services = await loadStoreServices(
      path.resolve(__dirname, '../../../../store-services'),
    );
  });

  it('serves the last good secrets marked stale, with the refresh error, while the listing fails', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const clock = () => now;
    const awsOps = {
      ...createAwsOpsService(
        config,
        mockServices.logger.mock(),
        memoryCacheService(),
      ),
      cache: new AwsOpsCache(mockServices.cache.mock(), {
        maxLocalEntries: 100,
        maxStaleMs: 3_600_000,
        clock,
      }),
    };
    const provider = new FlakyProvider({ services, seed: 'inbestment', clock });
    const service = new AccessAuditService({
      awsOps,
      config: readAccessAuditConfig(config),
      provider,
      clock,
    });
    const read = async () =>
      service.getEntityAudit(await grantAsStoreEntity(entity('cart-service')));

    const good = await read();
    expect(good.stale).toBeUndefined();
    const secrets = good.environments[0].secrets.map(s => s.name);
    expect(secrets.length).toBeGreaterThan(0);

    provider.failing = true;
    now += 61_000; // past the 60 s secrets TTL
    const first = await read();
    // Answered at once with the last good listing, marked stale.
    expect(first.environments[0].secrets.map(s => s.name)).toEqual(secrets);
    expect(first.stale?.since).toBe(good.fetchedAt);
    expect(first.errors).toEqual([]);

    // Once the background refresh has failed, the error is attached, not served instead.
    let later = first;
    for (let i = 0; i < 20 && !later.stale?.refreshError; i++) {
      await new Promise(resolve => setTimeout(resolve, 10));
      now += 1_000;
      later = await read();
    }
    expect(later.stale).toEqual({
      since: good.fetchedAt,
      refreshError: { name: 'ThrottlingException', message: 'Rate exceeded' },
    });
    expect(later.environments[0].secrets.map(s => s.name)).toEqual(secrets);
    // Readers are still there (from the IAM listing, which did not fail).
    expect(later.environments[0].secrets[0].readers.length).toBeGreaterThan(0);

    const findings = await service.getStoreFindings(
      [await grantAsStoreEntity(entity('cart-service'))],
      {},
    );
    expect(findings.stale?.since).toBe(good.fetchedAt);
  });
});
