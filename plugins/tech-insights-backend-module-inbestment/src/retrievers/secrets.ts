import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { FactRetriever } from '@backstage-community/plugin-tech-insights-node';
import {
  AccessAuditService,
  isSecretReadError,
  SECRET_READS,
} from '@internal/backstage-plugin-access-audit-node';
import {
  AwsOpsClaimsService,
  claimErrors,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  createServiceFactRetriever,
  describeErrors,
  ServiceFacts,
  unreadable,
} from './serviceFacts';

const FACTS = [
  'secretCount',
  'rotationEnabled',
  'customerManagedKey',
  'noWildcardPrincipal',
];

/**
 * The secrets facts of one service in `environment`: metadata only (the
 * access-audit service lists secrets, reads resource policies and KMS key
 * managers; it never reads a value), through the claims gate.
 */
export async function readSecretsFacts(
  entity: Entity,
  options: {
    claims: AwsOpsClaimsService;
    accessAudit: AccessAuditService;
    environment: string;
  },
): Promise<ServiceFacts> {
  const { environment } = options;
  const granted = await options.claims.grant(entity);
  if (granted.links.secretsPrefix === undefined) {
    if (granted.claimed.secretsPrefix !== undefined) {
      return unreadable(
        FACTS,
        describeErrors(claimErrors(granted, ['secrets-prefix'])) ||
          `the secrets claim on ${granted.claimed.secretsPrefix} is not granted`,
      );
    }
    // No secrets claim: the service has no secrets of its own.
    return {
      facts: {
        secretCount: 0,
        rotationEnabled: true,
        customerManagedKey: true,
        noWildcardPrincipal: true,
      },
    };
  }
  // Background: a store-wide refresh waits behind anyone viewing one component.
  const audit = await options.accessAudit.getEntityAudit(granted, 'background');
  const errors = audit.errors.filter(e => e.scope.environment === environment);
  const env = audit.environments.find(e => e.name === environment);
  if (!env) {
    return unreadable(
      FACTS,
      describeErrors([
        ...errors,
        ...audit.errors.filter(e => !e.scope.environment),
      ]) || `${granted.entityRef} has no ${environment} environment`,
    );
  }
  const listing = errors.filter(e =>
    isSecretReadError(e, SECRET_READS.listing),
  );
  if (listing.length) return unreadable(FACTS, describeErrors(listing));

  const secrets = env.secrets;
  const result: ServiceFacts = {
    facts: {
      secretCount: secrets.length,
      rotationEnabled: secrets.every(secret => secret.rotationEnabled),
    },
    readErrors: {},
  };
  // One secret known to fail decides the fact; otherwise an unknown one leaves it unknown.
  if (secrets.some(secret => secret.kmsKeyManager === 'AWS')) {
    result.facts.customerManagedKey = false;
  } else {
    const unknown = secrets.filter(s => s.kmsKeyManager === 'unknown');
    if (unknown.length) {
      result.readErrors!.customerManagedKey =
        describeErrors(
          errors.filter(e =>
            unknown.some(s =>
              isSecretReadError(e, SECRET_READS.kmsKey(s.name)),
            ),
          ),
        ) ||
        `who manages the KMS key of ${unknown
          .map(s => s.name)
          .join(', ')} is unknown`;
    } else {
      result.facts.customerManagedKey = true;
    }
  }
  const arns = new Set(secrets.map(secret => secret.arn));
  const wildcard = audit.findings.some(
    f =>
      f.type === 'wildcard-principal' &&
      f.environment === environment &&
      f.secretArn !== undefined &&
      arns.has(f.secretArn),
  );
  const policyErrors = errors.filter(e =>
    secrets.some(s =>
      isSecretReadError(e, SECRET_READS.resourcePolicy(s.name)),
    ),
  );
  if (wildcard) {
    result.facts.noWildcardPrincipal = false;
  } else if (policyErrors.length) {
    result.readErrors!.noWildcardPrincipal = describeErrors(policyErrors);
  } else {
    result.facts.noWildcardPrincipal = true;
  }
  return result;
}

/**
 * `inbestmentSecretsFacts`: whether each service's prod secrets rotate, are
 * encrypted with a customer-managed KMS key and let no wildcard principal
 * read them.
 */
export function createSecretsFactRetriever(options: {
  catalog: CatalogService;
  claims: AwsOpsClaimsService;
  accessAudit: AccessAuditService;
  /** The environment the facts are about (default `prod`). */
  environment?: string;
}): FactRetriever {
  const environment = options.environment ?? 'prod';
  return createServiceFactRetriever({
    id: 'inbestmentSecretsFacts',
    version: '0.1.0',
    title: 'Secrets hygiene',
    description:
      "Metadata of the service's prod Secrets Manager secrets (never their values): rotation, KMS key, resource policy",
    catalog: options.catalog,
    // The audit reads IAM and every resource policy: fewer services at once.
    concurrency: 4,
    schema: {
      secretCount: {
        type: 'integer',
        description: 'Secrets under the service’s secrets prefix in prod',
      },
      rotationEnabled: {
        type: 'boolean',
        description: 'Every prod secret has rotation enabled (true with none)',
      },
      customerManagedKey: {
        type: 'boolean',
        description:
          'Every prod secret is encrypted with a customer-managed KMS key (true with none)',
      },
      noWildcardPrincipal: {
        type: 'boolean',
        description:
          'No prod secret’s resource policy allows any principal (`*` or NotPrincipal; true with none)',
      },
    },
    read: entity =>
      readSecretsFacts(entity, {
        claims: options.claims,
        accessAudit: options.accessAudit,
        environment,
      }),
  });
}
