import { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { AwsOpsConfig, AwsTarget } from './config';
import { AwsOpsResolver } from './resolver';

/** The settings every AWS SDK v3 client made by the factory receives. */
export interface AwsClientSettings {
  region: string;
  credentials: AwsCredentialIdentityProvider;
  retryMode: 'adaptive';
  maxAttempts: number;
  endpoint?: string;
}

/** An AWS SDK v3 client class, e.g. `EKSClient`. */
export type AwsClientClass<TClient> = new (
  settings: AwsClientSettings,
) => TClient;

/**
 * Hands out one SDK client per (client class, account, region) and reuses it,
 * so connections, credentials and the adaptive retry token bucket are shared
 * by every request and every AWS plugin.
 */
export class AwsClientFactory {
  private readonly clients = new Map<unknown, Map<string, unknown>>();
  private readonly credentials = new Map<
    string,
    Promise<AwsCredentialIdentityProvider>
  >();

  static fromConfig(
    root: Config,
    config: AwsOpsConfig,
    resolver: AwsOpsResolver,
  ): AwsClientFactory {
    const explicitAccounts = new Set(
      (root.getOptionalConfigArray('aws.accounts') ?? []).map(a =>
        a.getString('accountId'),
      ),
    );
    const hasDefaultRole = root.has('aws.accountDefaults.roleName');
    return new AwsClientFactory(
      config,
      resolver,
      DefaultAwsCredentialsManager.fromConfig(root),
      accountId =>
        !!config.endpoint &&
        !explicitAccounts.has(accountId) &&
        !hasDefaultRole,
    );
  }

  constructor(
    private readonly config: AwsOpsConfig,
    private readonly resolver: AwsOpsResolver,
    private readonly credentialsManager: AwsCredentialsManager,
    /**
     * With an endpoint override (emulators) the main credentials serve every
     * allowlisted account that `aws.accounts` does not configure: the
     * credentials manager would otherwise ask the real STS which account they
     * belong to.
     */
    private readonly useMainCredentials: (accountId: string) => boolean,
  ) {}

  /** The shared client of `ClientClass` for an allowlisted account and region. */
  async getClient<TClient>(
    ClientClass: AwsClientClass<TClient>,
    target: AwsTarget,
  ): Promise<TClient> {
    this.resolver.assertAllowed(target);
    let byTarget = this.clients.get(ClientClass);
    if (!byTarget) {
      byTarget = new Map();
      this.clients.set(ClientClass, byTarget);
    }
    const key = `${target.accountId}/${target.region}`;
    let client = byTarget.get(key) as TClient | undefined;
    if (!client) {
      client = new ClientClass({
        region: target.region,
        credentials: await this.getCredentials(target.accountId),
        retryMode: 'adaptive',
        maxAttempts: 4,
        endpoint: this.config.endpoint,
      });
      byTarget.set(key, client);
    }
    return client;
  }

  /** Credentials of an allowlisted account, e.g. to presign a request. */
  getCredentials(accountId: string): Promise<AwsCredentialIdentityProvider> {
    let credentials = this.credentials.get(accountId);
    if (!credentials) {
      credentials = this.credentialsManager
        .getCredentialProvider(
          this.useMainCredentials(accountId) ? undefined : { accountId },
        )
        .then(provider => provider.sdkCredentialProvider);
      // A failed lookup (e.g. unknown account) is retried on the next call.
      credentials.catch(() => this.credentials.delete(accountId));
      this.credentials.set(accountId, credentials);
    }
    return credentials;
  }
}
