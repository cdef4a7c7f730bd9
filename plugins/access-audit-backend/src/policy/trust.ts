import {
  PolicyStatementSummary,
  ServiceAccountRef,
  TrustStatementSummary,
} from '@internal/backstage-plugin-access-audit-common';
import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';

/** `arn:aws:iam::<account>:oidc-provider/<host>/id/<id>` → `<host>/id/<id>`. */
function oidcProviderOf(federated: string): string | undefined {
  if (!isArn(federated)) return undefined;
  const { service, resource } = parseArn(federated);
  return service === 'iam' && resource.startsWith('oidc-provider/')
    ? resource.slice('oidc-provider/'.length)
    : undefined;
}
const SERVICE_ACCOUNT = /^system:serviceaccount:([^:]+):([^:]+)$/;

/**
 * Picks out of a trust statement which EKS OIDC providers and which
 * Kubernetes service accounts may assume the role (IRSA): the `<provider>:sub`
 * condition values `system:serviceaccount:<namespace>:<name>`.
 */
export function summariseTrustStatement(
  statement: PolicyStatementSummary,
): TrustStatementSummary {
  const oidcProviders = statement.principals
    .filter(p => p.startsWith('Federated:'))
    .map(p => oidcProviderOf(p.slice('Federated:'.length)))
    .filter((p): p is string => !!p);
  const serviceAccounts: ServiceAccountRef[] = [];
  for (const condition of statement.conditions) {
    if (!condition.key.endsWith(':sub')) continue;
    for (const value of condition.values) {
      const match = SERVICE_ACCOUNT.exec(value);
      if (match) {
        serviceAccounts.push({ namespace: match[1], name: match[2] });
      }
    }
  }
  return { ...statement, oidcProviders, serviceAccounts };
}
