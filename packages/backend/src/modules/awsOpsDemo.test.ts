import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksBackend from '@internal/backstage-plugin-eks-backend';
import { EksDeploymentsResponse } from '@internal/backstage-plugin-eks-common';
import {
  fromStoreFiles,
  STORE_CATALOG_FILES,
} from '@internal/backstage-plugin-aws-ops-node/testUtils';
import path from 'node:path';
import request from 'supertest';
import { awsOpsDemoWhenConfigured } from './awsOpsDemo';

const STORE_SERVICES = path.resolve(__dirname, '../../../../store-services');

const checkout = fromStoreFiles({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout-service' },
  },
  spec: { type: 'service', owner: 'team-checkout', lifecycle: 'production' },
});

const awsOps = {
  // Nothing listens here: a provider that calls AWS fails, and says so.
  endpoint: 'http://127.0.0.1:9',
  accounts: [{ accountId: '111122223333', regions: ['eu-west-1'] }],
  environments: [
    {
      name: 'prod',
      accountId: '111122223333',
      region: 'eu-west-1',
      eksCluster: 'inbestment-prod',
    },
  ],
};

async function deploymentsWith(
  config: object,
): Promise<EksDeploymentsResponse> {
  const { server } = await startTestBackend({
    features: [
      eksBackend,
      awsOpsDemoWhenConfigured,
      catalogServiceMock.factory({ entities: [checkout] }),
      mockServices.rootConfig.factory({
        data: {
          ...config,
          inbestment: { catalogFiles: STORE_CATALOG_FILES },
          aws: { mainAccount: { accessKeyId: 'x', secretAccessKey: 'y' } },
        },
      }),
    ],
  });
  const res = await request(server)
    .get('/api/eks/entities/component/default/checkout-service/deployments')
    .set('authorization', mockCredentials.user.header());
  expect(res.status).toBe(200);
  return res.body;
}

describe('awsOpsDemoWhenConfigured', () => {
  jest.setTimeout(60_000);

  it('plays the demo scenario through the real EKS plugin when awsOps.demo is set', async () => {
    const body = await deploymentsWith({
      awsOps: { ...awsOps, demo: { storeServicesDir: STORE_SERVICES } },
    });
    expect(body.source).toBe('demo');
    expect(body.errors).toEqual([]);
    expect(body.environments[0].deployments?.map(d => d.name)).toEqual([
      'checkout-service',
    ]);
  });

  it('adds nothing without awsOps.demo (production sets demo: null): the plugin calls AWS', async () => {
    const body = await deploymentsWith({ awsOps: { ...awsOps, demo: null } });
    expect(body.source).toBe('aws');
    expect(body.errors.length).toBeGreaterThan(0);
  });
});
