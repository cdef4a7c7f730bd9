import {
  AccessAuditEntityResponse,
  AccessAuditEnvironment,
  AccessAuditFindingsResponse,
  IrsaRoleSummary,
  KmsKeyManager,
  SecretMetadata,
} from '@internal/backstage-plugin-access-audit-common';
import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsEnvironment,
  AwsOpsService,
  AwsTarget,
  claimErrors,
  Clock,
  GrantedClaims,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import { AccessAuditConfig } from '../config';
import { ParsedRole, readAccessOf } from '../policy/access';
import { parsePolicy } from '../policy/parse';
import { summariseTrustStatement } from '../policy/trust';
import {
  AccessAuditProvider,
  RoleRecord,
  SecretRecord,
} from '../providers/types';
import { compareFindings, findingsForSecret } from './findings';

const AWS_MANAGED_SECRETS_KEY =
  /^(arn:[^:]+:kms:[^:]*:\d*:)?alias\/aws\/secretsmanager$/;

function parseRole(record: RoleRecord): ParsedRole {
  return {
    roleName: record.roleName,
    roleArn: record.roleArn,
    trust: record.trustPolicy ? parsePolicy(record.trustPolicy) : [],
    policies: [
      ...record.inlinePolicies.map(p => ({
        kind: 'inline' as const,
        name: p.name,
        statements: parsePolicy(p.document),
      })),
      ...record.managedPolicies.map(p => ({
        kind: 'managed' as const,
        name: p.name,
        arn: p.arn,
        statements: p.document ? parsePolicy(p.document) : [],
      })),
    ],
  };
}

function summariseRole(role: ParsedRole): IrsaRoleSummary {
  return {
    roleName: role.roleName,
    roleArn: role.roleArn,
    found: true,
    trust: role.trust.map(summariseTrustStatement),
    policies: role.policies.map(p => ({
      kind: p.kind,
      name: p.name,
      ...(p.arn ? { arn: p.arn } : {}),
      grants: p.statements.map(s => ({
        effect: s.effect,
        actions: s.actions,
        ...(s.notActions ? { notActions: s.notActions } : {}),
        resources: s.resources,
        ...(s.notResources ? { notResources: s.notResources } : {}),
        conditions: s.conditions,
      })),
    })),
  };
}

/**
 * Joins Secrets Manager metadata, KMS and IAM into a component's access
 * audit. Listings are cached per account and region for every component and
 * viewer: secrets for seconds, roles and keys for minutes.
 */
export class AccessAuditService {
  constructor(
    private readonly options: {
      awsOps: AwsOpsService;
      config: AccessAuditConfig;
      provider: AccessAuditProvider;
      clock: Clock;
    },
  ) {}

  /**
   * The secrets and IRSA role the component holds claims on; a refused claim
   * is read nowhere and explained in `errors`.
   */
  async getEntityAudit(
    claims: GrantedClaims,
  ): Promise<AccessAuditEntityResponse> {
    const { awsOps, clock, provider } = this.options;
    const { entityRef, links, claimed } = claims;
    const secretsPrefix = links.secretsPrefix;
    const iamRoleName = links.iamRole;
    const response: AccessAuditEntityResponse = {
      source: provider.source,
      fetchedAt: new Date(clock()).toISOString(),
      entityRef,
      // What the component claims, for display.
      secretsPrefix: claimed.secretsPrefix ?? '',
      iamRoleName: claimed.iamRole ?? '',
      environments: [],
      findings: [],
      errors: claimErrors(claims, ['secrets-prefix', 'iam-role']),
    };
    const { environments, errors } = awsOps.resolver.resolveEnvironments(
      claims.entity,
    );
    response.errors.push(...errors);
    const results = await Promise.all(
      environments.map(env =>
        this.readEnvironment(env, secretsPrefix, iamRoleName),
      ),
    );
    for (const result of results) {
      response.environments.push(result.environment);
      response.errors.push(...result.errors);
      if (result.fetchedAt < response.fetchedAt) {
        response.fetchedAt = result.fetchedAt;
      }
    }
    response.findings = response.environments
      .flatMap(env => env.secrets)
      .flatMap(secret =>
        findingsForSecret(secret, entityRef, this.options.config, clock()),
      )
      .sort(compareFindings);
    return response;
  }

  /**
   * Findings of many components. Their environments share the cached
   * listings, so this costs one listing per account and region, not one per
   * component. Errors repeated by several components are reported once.
   */
  async getStoreFindings(
    components: GrantedClaims[],
    filters: AccessAuditFindingsResponse['filters'],
  ): Promise<AccessAuditFindingsResponse> {
    const { clock, provider } = this.options;
    const response: AccessAuditFindingsResponse = {
      source: provider.source,
      fetchedAt: new Date(clock()).toISOString(),
      components: components.length,
      filters,
      findings: [],
      errors: [],
    };
    const seenErrors = new Set<string>();
    const audits = await mapWithConcurrency(components, 4, claims =>
      this.getEntityAudit(claims),
    );
    audits.forEach((audit, index) => {
      const { entity } = components[index];
      if (audit.fetchedAt < response.fetchedAt) {
        response.fetchedAt = audit.fetchedAt;
      }
      for (const error of audit.errors) {
        const key = JSON.stringify(error);
        if (!seenErrors.has(key)) {
          seenErrors.add(key);
          response.errors.push(error);
        }
      }
      for (const finding of audit.findings) {
        if (filters.severity && !filters.severity.includes(finding.severity)) {
          continue;
        }
        if (filters.type && !filters.type.includes(finding.type)) continue;
        response.findings.push({
          ...finding,
          entityTitle: entity.metadata.title,
          system: entity.spec?.system as string | undefined,
          owner: entity.spec?.owner as string | undefined,
        });
      }
    });
    response.findings.sort(compareFindings);
    return response;
  }

  private async readEnvironment(
    env: AwsOpsEnvironment,
    secretsPrefix: string | undefined,
    iamRoleName: string | undefined,
  ): Promise<{
    environment: AccessAuditEnvironment;
    errors: AwsOpsErrorEntry[];
    fetchedAt: string;
  }> {
    const scope = {
      environment: env.name,
      accountId: env.accountId,
      region: env.region,
    };
    const environment: AccessAuditEnvironment = {
      name: env.name,
      accountId: env.accountId,
      region: env.region,
      secrets: [],
    };
    const errors: AwsOpsErrorEntry[] = [];
    let fetchedAt = new Date(this.options.clock()).toISOString();
    const older = (at: string) => {
      if (at < fetchedAt) fetchedAt = at;
    };

    if (secretsPrefix === undefined && iamRoleName === undefined) {
      return { environment, errors, fetchedAt };
    }
    const [secretsResult, rolesResult] = await Promise.allSettled([
      secretsPrefix === undefined ? undefined : this.listSecrets(env),
      this.listRoles(env),
    ]);
    let roles: ParsedRole[] = [];
    if (rolesResult.status === 'fulfilled') {
      roles = rolesResult.value.value;
      older(rolesResult.value.fetchedAt);
      if (iamRoleName !== undefined) {
        const irsa = roles.find(r => r.roleName === iamRoleName);
        environment.irsaRole = irsa
          ? summariseRole(irsa)
          : { roleName: iamRoleName, found: false, trust: [], policies: [] };
      }
    } else {
      errors.push(toErrorEntry(scope, rolesResult.reason));
    }
    if (secretsResult.status === 'rejected') {
      errors.push(toErrorEntry(scope, secretsResult.reason));
      return { environment, errors, fetchedAt };
    }
    // Without a secrets claim nothing was listed.
    if (!secretsResult.value || secretsPrefix === undefined) {
      return { environment, errors, fetchedAt };
    }
    older(secretsResult.value.fetchedAt);
    const records = secretsResult.value.value
      .filter(s => s.name.startsWith(secretsPrefix))
      .sort((a, b) => a.name.localeCompare(b.name));
    environment.secrets = await Promise.all(
      records.map(async record => {
        const secret: SecretMetadata = {
          ...record,
          environment: env.name,
          accountId: env.accountId,
          region: env.region,
          kmsKeyManager: 'unknown',
          readers: roles
            .map(role => readAccessOf(role, record.arn, iamRoleName))
            .filter(<T>(r: T | undefined): r is T => !!r)
            .sort((a, b) => a.roleName.localeCompare(b.roleName)),
        };
        try {
          const policy = await this.getResourcePolicy(env, record.arn);
          older(policy.fetchedAt);
          if (policy.value) secret.resourcePolicy = parsePolicy(policy.value);
        } catch (error) {
          errors.push(
            toErrorEntry(
              scope,
              annotate(error, `resource policy of ${record.name}`),
            ),
          );
        }
        try {
          secret.kmsKeyManager = await this.keyManagerOf(env, record);
        } catch (error) {
          errors.push(
            toErrorEntry(scope, annotate(error, `KMS key of ${record.name}`)),
          );
        }
        return secret;
      }),
    );
    return { environment, errors, fetchedAt };
  }

  private key(...parts: string[]) {
    return ['access-audit', this.options.provider.source, ...parts].join(':');
  }

  private secretsTtl() {
    return {
      ttlMs: this.options.config.secretsTtlMs,
      failureTtlMs: this.options.awsOps.config.cache.liveTtlMs,
    };
  }

  private lookupTtl() {
    return {
      ttlMs: this.options.awsOps.config.cache.lookupTtlMs,
      failureTtlMs: this.options.awsOps.config.cache.liveTtlMs,
    };
  }

  /** One listing per account and region, shared by every component. */
  private listSecrets(target: AwsTarget) {
    return this.options.awsOps.cache.getOrLoad<SecretRecord[]>(
      this.key('secrets', target.accountId, target.region),
      this.secretsTtl(),
      () => this.options.provider.listSecrets(target),
    );
  }

  /** IAM is global: one listing per account, parsed once. */
  private listRoles(target: AwsTarget) {
    return this.options.awsOps.cache.getOrLoad<ParsedRole[]>(
      this.key('roles', target.accountId),
      this.lookupTtl(),
      async () =>
        (await this.options.provider.listRoles(target)).map(parseRole),
    );
  }

  private getResourcePolicy(target: AwsTarget, secretArn: string) {
    return this.options.awsOps.cache.getOrLoad<string | null>(
      this.key('policy', secretArn),
      this.secretsTtl(),
      async () =>
        (await this.options.provider.getResourcePolicy(target, secretArn)) ??
        null,
    );
  }

  private async keyManagerOf(
    target: AwsTarget,
    secret: SecretRecord,
  ): Promise<KmsKeyManager> {
    if (!secret.kmsKeyId || AWS_MANAGED_SECRETS_KEY.test(secret.kmsKeyId)) {
      return 'AWS';
    }
    const { value } = await this.options.awsOps.cache.getOrLoad(
      this.key('kms', target.accountId, target.region, secret.kmsKeyId),
      this.lookupTtl(),
      () => this.options.provider.getKeyManager(target, secret.kmsKeyId!),
    );
    return value;
  }
}

/** Says which read failed, keeping the error's name for `toErrorEntry`. */
function annotate(error: unknown, what: string): Error {
  const err = error instanceof Error ? error : new Error(String(error));
  const annotated = new Error(`${what}: ${err.message}`);
  annotated.name = err.name;
  return annotated;
}

/** Runs `task` over `items` with at most `limit` in flight, keeping order. */
async function mapWithConcurrency<T, R>(
  items: T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
