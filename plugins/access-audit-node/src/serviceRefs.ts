import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import {
  AccessAuditEntityResponse,
  AccessAuditFindingsResponse,
} from '@internal/backstage-plugin-access-audit-common';
import {
  AwsCallPriority,
  awsOpsServiceRef,
  GrantedClaims,
} from '@internal/backstage-plugin-aws-ops-node';
import { AwsAccessAuditProvider } from './AwsAccessAuditProvider';
import { AccessAuditProvider } from './types';

/**
 * Where secrets, resource policies, KMS keys and IAM come from. Plugin
 * scoped; the default reads the real Secrets Manager, IAM and KMS through the
 * plugin's AWS layer (as `catalogServiceRef` defaults to its client). The
 * demo installs a factory that plays the scenario instead.
 */
export const accessAuditProviderServiceRef =
  createServiceRef<AccessAuditProvider>({
    id: 'access-audit.provider',
    scope: 'plugin',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { awsOps: awsOpsServiceRef },
        factory: ({ awsOps }) => new AwsAccessAuditProvider(awsOps),
      }),
  });

/** Secrets metadata, who can read each secret and the findings, per component and store wide. */
export interface AccessAuditService {
  /**
   * The secrets and IRSA role the component holds claims on; a refused claim
   * is read nowhere and explained in `errors`. `background` for store-wide
   * reads, so a viewer of one component is not queued behind them.
   */
  getEntityAudit(
    claims: GrantedClaims,
    priority?: AwsCallPriority,
  ): Promise<AccessAuditEntityResponse>;
  /** Findings of many components, from listings shared per account and region. */
  getStoreFindings(
    components: GrantedClaims[],
    filters: AccessAuditFindingsResponse['filters'],
  ): Promise<AccessAuditFindingsResponse>;
}

/**
 * The access-audit service. Plugin scoped, with no default: the
 * access-audit backend installs `accessAuditServiceFactory` with its plugin.
 */
export const accessAuditServiceRef = createServiceRef<AccessAuditService>({
  id: 'access-audit.service',
  scope: 'plugin',
});
