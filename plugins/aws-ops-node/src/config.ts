import { Config } from '@backstage/config';

/** An account and region pair, the unit AWS clients and batched calls are keyed by. */
export interface AwsTarget {
  accountId: string;
  region: string;
}

/** A named deployment environment from `awsOps.environments`. */
export interface AwsOpsEnvironment extends AwsTarget {
  name: string;
  eksCluster?: string;
  kubernetesApiUrl?: string;
}

/** The parsed `awsOps` config block. */
export interface AwsOpsConfig {
  endpoint?: string;
  accounts: Array<{ accountId: string; regions: string[] }>;
  environments: AwsOpsEnvironment[];
  cache: {
    liveTtlMs: number;
    lookupTtlMs: number;
    /** Entries kept parsed in process memory (least recently used go first). */
    maxLocalEntries: number;
    /** How long past its lifetime a last good read is still served while refreshes fail. */
    maxStaleMs: number;
  };
  /** Backend replicas that share each account's API quotas. */
  replicas: number;
}

const ACCOUNT_ID = /^\d{12}$/;

/**
 * Reads and validates `awsOps`. Misconfiguration fails at startup, so an
 * environment can never point outside the allowlist.
 */
export function readAwsOpsConfig(root: Config): AwsOpsConfig {
  const config = root.getOptionalConfig('awsOps');
  const accounts = (config?.getOptionalConfigArray('accounts') ?? []).map(
    account => ({
      accountId: account.getString('accountId'),
      regions: account.getStringArray('regions'),
    }),
  );
  for (const { accountId } of accounts) {
    if (!ACCOUNT_ID.test(accountId)) {
      throw new Error(
        `awsOps.accounts: '${accountId}' is not a 12-digit account id`,
      );
    }
  }
  const environments = (
    config?.getOptionalConfigArray('environments') ?? []
  ).map(env => ({
    name: env.getString('name'),
    accountId: env.getString('accountId'),
    region: env.getString('region'),
    eksCluster: env.getOptionalString('eksCluster'),
    kubernetesApiUrl: env.getOptionalString('kubernetesApiUrl'),
  }));
  for (const env of environments) {
    const account = accounts.find(a => a.accountId === env.accountId);
    if (!account?.regions.includes(env.region)) {
      throw new Error(
        `awsOps.environments '${env.name}': ${env.accountId}/${env.region} is not in awsOps.accounts`,
      );
    }
  }
  return {
    endpoint: config?.getOptionalString('endpoint'),
    accounts,
    environments,
    cache: {
      liveTtlMs:
        (config?.getOptionalNumber('cache.liveTtlSeconds') ?? 15) * 1000,
      lookupTtlMs:
        (config?.getOptionalNumber('cache.lookupTtlSeconds') ?? 300) * 1000,
      maxLocalEntries:
        config?.getOptionalNumber('cache.maxLocalEntries') ?? 5000,
      maxStaleMs:
        (config?.getOptionalNumber('cache.maxStaleSeconds') ?? 86_400) * 1000,
    },
    replicas: config?.getOptionalNumber('replicas') ?? 2,
  };
}
