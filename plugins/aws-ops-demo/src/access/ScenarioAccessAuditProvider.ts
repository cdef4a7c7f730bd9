import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  AccessAuditProvider,
  accessAuditProviderServiceRef,
  IamRecords,
  SecretRecord,
} from '@internal/backstage-plugin-access-audit-node';
import {
  AwsOpsEnvironment,
  awsOpsServiceRef,
  AwsTarget,
} from '@internal/backstage-plugin-aws-ops-node';
import { Scenario } from '../scenario';
import { demoScenarioServiceRef } from '../service';
import {
  isAwsManagedKey,
  scenarioAccount,
  ScenarioAccount,
  secretRecord,
} from './account';
import { AccessSection, readAccessSection } from './schema';

/**
 * Plays the scenario's `access` section through the provider interface the
 * AWS provider implements: per account and region exactly what `seedAccess`
 * writes into the emulator, with the scenario's dates. Secrets have metadata
 * only: there is no value to return.
 */
export class ScenarioAccessAuditProvider implements AccessAuditProvider {
  readonly source = 'demo' as const;
  private readonly section: AccessSection;
  private readonly accounts = new Map<string, ScenarioAccount>();

  constructor(
    private readonly scenario: Scenario,
    private readonly environments: AwsOpsEnvironment[],
  ) {
    this.section = readAccessSection(scenario);
  }

  async listSecrets(target: AwsTarget): Promise<SecretRecord[]> {
    const now = this.scenario.clock.now();
    return this.account(target).secrets.map(secret =>
      secretRecord(secret, this.arnOf(target, secret.name), now),
    );
  }

  async getResourcePolicy(
    target: AwsTarget,
    secretArn: string,
  ): Promise<string | undefined> {
    return this.account(target).secrets.find(
      s => this.arnOf(target, s.name) === secretArn,
    )?.resourcePolicy;
  }

  async getKeyManager(
    _target: AwsTarget,
    keyId: string,
  ): Promise<'CUSTOMER' | 'AWS'> {
    return isAwsManagedKey(keyId) ? 'AWS' : 'CUSTOMER';
  }

  async listIam(target: AwsTarget): Promise<IamRecords> {
    const { roles, users, groups } = this.account(target);
    const arn = (kind: string, name: string) =>
      `arn:aws:iam::${target.accountId}:${kind}/${name}`;
    return {
      roles: roles.map(r => ({ ...r, roleArn: arn('role', r.roleName) })),
      users: users.map(u => ({ ...u, userArn: arn('user', u.userName) })),
      groups: groups.map(g => ({ ...g, groupArn: arn('group', g.groupName) })),
    };
  }

  /** Secrets Manager's ARN: the name and six characters (the scenario's jitter, stable). */
  private arnOf(target: AwsTarget, name: string) {
    const suffix = Math.floor(
      this.scenario.clock.jitter(
        `access:arn:${target.accountId}:${target.region}:${name}`,
      ) * 0x1000000,
    )
      .toString(16)
      .padStart(6, '0');
    return `arn:aws:secretsmanager:${target.region}:${target.accountId}:secret:${name}-${suffix}`;
  }

  private account(target: AwsTarget): ScenarioAccount {
    const key = `${target.accountId}/${target.region}`;
    let account = this.accounts.get(key);
    if (!account) {
      account = scenarioAccount(
        this.scenario,
        this.section,
        this.environments,
        target,
      );
      this.accounts.set(key, account);
    }
    return account;
  }
}

/** Installs the scenario as the access-audit provider (the demo's, instead of AWS). */
export const scenarioAccessAuditProviderFactory = createServiceFactory({
  service: accessAuditProviderServiceRef,
  deps: { scenario: demoScenarioServiceRef, awsOps: awsOpsServiceRef },
  factory: ({ scenario, awsOps }) =>
    new ScenarioAccessAuditProvider(scenario, awsOps.config.environments),
});
