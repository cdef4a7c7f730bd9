import {
  AccessAuditEntityResponse,
  AccessAuditEnvironment,
  AccessAuditFindingsResponse,
  IrsaRoleSummary,
  KmsKeyManager,
  SecretMetadata,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';
import {
  AwsOpsErrorEntry,
  AwsOpsStale,
} from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsCallPriority,
  AwsOpsEnvironment,
  AwsOpsService,
  AwsTarget,
  claimErrors,
  Clock,
  Fetched,
  GrantedClaims,
  oldestStale,
  toErrorEntry,
} from '@internal/backstage-plugin-aws-ops-node';
import { AccessAuditConfig } from '../config';
import {
  ParsedIam,
  ParsedPolicy,
  ParsedPrincipal,
  ParsedRole,
  readersOf,
} from '../policy/access';
import { parsePolicy } from '../policy/parse';
import { summariseTrustStatement } from '../policy/trust';
import {
  AccessAuditProvider,
  AccessAuditService,
  IamRecords,
  ManagedPolicyRecord,
  PrincipalPolicies,
  SECRET_READS,
  SecretRecord,
} from '@internal/backstage-plugin-access-audit-node';
import { compareFindings, findingsForSecret } from './findings';

const AWS_MANAGED_SECRETS_KEY =
  /^(arn:[^:]+:kms:[^:]*:\d*:)?alias\/aws\/secretsmanager$/;

const managed = (p: ManagedPolicyRecord): ParsedPolicy => ({
  kind: 'managed',
  name: p.name,
  arn: p.arn,
  statements: p.document ? parsePolicy(p.document) : [],
});

function policiesOf(record: PrincipalPolicies): ParsedPolicy[] {
  return [
    ...record.inlinePolicies.map(p => ({
      kind: 'inline' as const,
      name: p.name,
      statements: parsePolicy(p.document),
    })),
    ...record.managedPolicies.map(managed),
  ];
}

/**
 * Parses every policy once per listing. A boundary whose document could not
 * be read is kept empty: it then allows nothing, which errs towards "not a
 * reader" only where IAM itself would also have refused.
 */
export function parseIam(records: IamRecords): ParsedIam {
  const members = new Map<string, string[]>();
  for (const user of records.users) {
    for (const group of user.groups) {
      members.set(group, [...(members.get(group) ?? []), user.userName]);
    }
  }
  return {
    roles: records.roles.map(
      (r): ParsedPrincipal => ({
        kind: 'role',
        name: r.roleName,
        arn: r.roleArn,
        trust: r.trustPolicy ? parsePolicy(r.trustPolicy) : [],
        policies: policiesOf(r),
        ...(r.permissionsBoundary
          ? { boundary: managed(r.permissionsBoundary) }
          : {}),
        groups: [],
      }),
    ),
    users: records.users.map(
      (u): ParsedPrincipal => ({
        kind: 'user',
        name: u.userName,
        arn: u.userArn,
        trust: [],
        policies: policiesOf(u),
        ...(u.permissionsBoundary
          ? { boundary: managed(u.permissionsBoundary) }
          : {}),
        groups: u.groups,
      }),
    ),
    groups: records.groups.map(
      (g): ParsedPrincipal => ({
        kind: 'group',
        name: g.groupName,
        arn: g.groupArn,
        trust: [],
        policies: policiesOf(g),
        groups: (members.get(g.groupName) ?? []).sort(),
      }),
    ),
  };
}

/** The older of two stale markers (the one whose data is oldest). */
function summariseRole(role: ParsedRole): IrsaRoleSummary {
  return {
    roleName: role.name,
    roleArn: role.arn,
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
export class DefaultAccessAuditService implements AccessAuditService {
  /**
   * Readers per secret, resource policy and own role, for as long as the
   * parsed IAM listing they were evaluated on is the cached one: a warm
   * request evaluates nothing again (1,000 secrets cost ~160 ms to evaluate).
   */
  private readonly readersMemo = new WeakMap<
    ParsedIam,
    Map<string, SecretReader[]>
  >();

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
   * `background` for store-wide reads, so a viewer of one component is not
   * queued behind them for the quota-bound calls.
   */
  async getEntityAudit(
    claims: GrantedClaims,
    priority: AwsCallPriority = 'interactive',
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
        this.readEnvironment(env, secretsPrefix, iamRoleName, priority),
      ),
    );
    for (const result of results) {
      response.environments.push(result.environment);
      response.errors.push(...result.errors);
      if (result.fetchedAt < response.fetchedAt) {
        response.fetchedAt = result.fetchedAt;
      }
      response.stale = oldestStale([
        { stale: response.stale },
        { stale: result.stale },
      ]);
    }
    if (!response.stale) delete response.stale;
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
      this.getEntityAudit(claims, 'background'),
    );
    audits.forEach((audit, index) => {
      const { entity } = components[index];
      if (audit.fetchedAt < response.fetchedAt) {
        response.fetchedAt = audit.fetchedAt;
      }
      response.stale = oldestStale([
        { stale: response.stale },
        { stale: audit.stale },
      ]);
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
    if (!response.stale) delete response.stale;
    return response;
  }

  private async readEnvironment(
    env: AwsOpsEnvironment,
    secretsPrefix: string | undefined,
    iamRoleName: string | undefined,
    priority: AwsCallPriority,
  ): Promise<{
    environment: AccessAuditEnvironment;
    errors: AwsOpsErrorEntry[];
    fetchedAt: string;
    stale?: AwsOpsStale;
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
    let stale: AwsOpsStale | undefined;
    const older = (fetched: Fetched<unknown>) => {
      if (fetched.fetchedAt < fetchedAt) fetchedAt = fetched.fetchedAt;
      stale = oldestStale([{ stale: stale }, { stale: fetched.stale }]);
    };
    const result = () => ({
      environment,
      errors,
      fetchedAt,
      ...(stale ? { stale } : {}),
    });

    if (secretsPrefix === undefined && iamRoleName === undefined) {
      return result();
    }
    const [secretsResult, iamResult] = await Promise.allSettled([
      secretsPrefix === undefined ? undefined : this.listSecrets(env),
      this.listIam(env),
    ]);
    let iam: ParsedIam = { roles: [], users: [], groups: [] };
    if (iamResult.status === 'fulfilled') {
      iam = iamResult.value.value;
      older(iamResult.value);
      if (iamRoleName !== undefined) {
        const irsa = iam.roles.find(r => r.name === iamRoleName);
        environment.irsaRole = irsa
          ? summariseRole(irsa)
          : { roleName: iamRoleName, found: false, trust: [], policies: [] };
      }
    } else {
      errors.push(
        toErrorEntry(scope, annotate(iamResult.reason, SECRET_READS.iam)),
      );
    }
    if (secretsResult.status === 'rejected') {
      errors.push(
        toErrorEntry(
          scope,
          annotate(secretsResult.reason, SECRET_READS.listing),
        ),
      );
      return result();
    }
    // Without a secrets claim nothing was listed.
    if (!secretsResult.value || secretsPrefix === undefined) {
      return result();
    }
    older(secretsResult.value);
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
          readers: [],
        };
        let policyText: string | null | undefined;
        try {
          const policy = await this.getResourcePolicy(
            env,
            record.arn,
            priority,
          );
          older(policy);
          policyText = policy.value;
          if (policy.value) secret.resourcePolicy = parsePolicy(policy.value);
        } catch (error) {
          errors.push(
            toErrorEntry(
              scope,
              annotate(error, SECRET_READS.resourcePolicy(record.name)),
            ),
          );
        }
        try {
          secret.kmsKeyManager = await this.keyManagerOf(env, record);
        } catch (error) {
          errors.push(
            toErrorEntry(
              scope,
              annotate(error, SECRET_READS.kmsKey(record.name)),
            ),
          );
        }
        // Without its resource policy (read failed) the readers come from IAM alone.
        let memo = this.readersMemo.get(iam);
        if (!memo) {
          memo = new Map();
          this.readersMemo.set(iam, memo);
        }
        const memoKey = JSON.stringify([
          record.arn,
          env.accountId,
          iamRoleName ?? null,
          policyText ?? null,
        ]);
        let readers = memo.get(memoKey);
        if (!readers) {
          readers = readersOf({
            secretArn: record.arn,
            accountId: env.accountId,
            iam,
            resourcePolicy: secret.resourcePolicy,
            ownRoleName: iamRoleName,
          });
          memo.set(memoKey, readers);
        }
        secret.readers = readers;
        return secret;
      }),
    );
    return result();
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
  private listIam(target: AwsTarget) {
    return this.options.awsOps.cache.getOrLoad<ParsedIam>(
      this.key('iam', target.accountId),
      this.lookupTtl(),
      async () => parseIam(await this.options.provider.listIam(target)),
    );
  }

  /**
   * Resource policies change rarely and cost one call each under a hard
   * 50/s quota: kept as long as IAM listings.
   */
  private getResourcePolicy(
    target: AwsTarget,
    secretArn: string,
    priority: AwsCallPriority,
  ) {
    return this.options.awsOps.cache.getOrLoad<string | null>(
      this.key('policy', secretArn),
      {
        ttlMs: this.options.config.resourcePolicyTtlMs,
        failureTtlMs: this.options.awsOps.config.cache.liveTtlMs,
      },
      async () =>
        (await this.options.provider.getResourcePolicy(
          target,
          secretArn,
          priority,
        )) ?? null,
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
