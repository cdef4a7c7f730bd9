import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { awsOpsServiceRef } from '@internal/backstage-plugin-aws-ops-node';
import { AwsEksProvider } from '../providers/AwsEksProvider';
import { EksProvider } from '../providers/types';
import { EksDeploymentsService } from './types';

/**
 * Where clusters and workloads come from. Its default reads AWS (the EKS API
 * and each cluster's Kubernetes API); the demo replaces it with the
 * scenario's provider from the aws-ops-demo package.
 */
export const eksProviderServiceRef = createServiceRef<EksProvider>({
  id: 'eks.provider',
  scope: 'plugin',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { awsOps: awsOpsServiceRef },
      factory: ({ awsOps }) => new AwsEksProvider(awsOps),
    }),
});

/**
 * The EKS deployments service the EKS route and the health overview read.
 * No default: `eksDeploymentsServiceFactory` of
 * the eks-backend package implements it (installing that
 * plugin installs it).
 */
export const eksDeploymentsServiceRef = createServiceRef<EksDeploymentsService>(
  { id: 'eks.deployments', scope: 'plugin' },
);
