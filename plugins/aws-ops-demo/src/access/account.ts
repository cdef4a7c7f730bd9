import { parse as parseArn, validate as isArn } from '@aws-sdk/util-arn-parser';
import {
  GroupRecord,
  ManagedPolicyRecord,
  PrincipalPolicies,
  RoleRecord,
  SecretRecord,
  UserRecord,
} from '@internal/backstage-plugin-access-audit-node';
import { linksOf } from '@internal/backstage-plugin-aws-ops-common';
import { AwsOpsEnvironment } from '@internal/backstage-plugin-aws-ops-node';
import { Scenario } from '../scenario';
import { AccessSection, AccessSecret } from './schema';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A secret of the scenario in one account and region, with its resource policy. */
export interface ScenarioSecret {
  component: string;
  /** The full name (the component's prefix and the scenario's name). */
  name: string;
  spec: AccessSecret;
  /** JSON, placeholders filled in. */
  resourcePolicy?: string;
}

/** What the scenario puts into one account and region (IAM is the account's, shared by its regions). */
export interface ScenarioAccount {
  secrets: ScenarioSecret[];
  /** KMS aliases the secrets use that are the customer's (not `alias/aws/…`). */
  customerKeys: string[];
  /** Managed policies by name, JSON. */
  managedPolicies: Map<string, string>;
  roles: Array<Omit<RoleRecord, 'roleArn'>>;
  users: Array<Omit<UserRecord, 'userArn'>>;
  groups: Array<Omit<GroupRecord, 'groupArn'>>;
}

/** True for the AWS managed keys (`alias/aws/secretsmanager`). */
export const isAwsManagedKey = (key: string) => /(^|:)alias\/aws\//.test(key);

/** Fills `{account}`, `{region}` and `{prefix}` in every string of a policy. */
function fill(value: unknown, vars: Record<string, string>): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{(account|region|prefix)\}/g, (m, key) =>
      vars[key] === undefined ? m : vars[key],
    );
  }
  if (Array.isArray(value)) return value.map(v => fill(v, vars));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, fill(v, vars)]),
    );
  }
  return value;
}

const document = (statements: unknown[], vars: Record<string, string>) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: fill(statements, vars),
  });

/** A component's IRSA role and service account, from its ServiceAccount manifest. */
function irsaOf(scenario: Scenario, component: string) {
  const service = scenario.store.find(s =>
    s.entities.some(
      e => e.kind === 'Component' && e.metadata.name === component,
    ),
  );
  const entity = service?.entities.find(
    e => e.kind === 'Component' && e.metadata.name === component,
  );
  const account = service?.manifests.find(
    m =>
      m.kind === 'ServiceAccount' &&
      m.metadata.annotations?.['eks.amazonaws.com/role-arn'],
  );
  const roleArn = account?.metadata.annotations?.['eks.amazonaws.com/role-arn'];
  const roleName =
    roleArn && isArn(roleArn)
      ? parseArn(roleArn).resource.replace(/^role\/(.*\/)?/, '')
      : undefined;
  return {
    prefix:
      (entity && linksOf(entity).secretsPrefix) || `inbestment/${component}/`,
    role:
      account && roleName
        ? {
            name: roleName,
            namespace: account.metadata.namespace ?? 'default',
            serviceAccount: account.metadata.name,
          }
        : undefined,
  };
}

const inEnvironment = (
  item: { environments?: string[] },
  environment: string,
) => !item.environments || item.environments.includes(environment);

/**
 * What the scenario puts into the account and region of `target`: the
 * secrets of every environment in that region of the account, and the IAM of
 * every environment in the account. Where environments share an account, a
 * principal or secret is there once, as the first environment (in
 * `awsOps.environments` order) has it. An environment the scenario does not
 * name (in `oidcProviders`) has nothing. The scenario provider serves exactly
 * this, and the seeder writes exactly this into the emulator.
 */
export function scenarioAccount(
  scenario: Scenario,
  section: AccessSection,
  environments: AwsOpsEnvironment[],
  target: { accountId: string; region: string },
): ScenarioAccount {
  const account: ScenarioAccount = {
    secrets: [],
    customerKeys: [],
    managedPolicies: new Map(),
    roles: [],
    users: [],
    groups: [],
  };
  // Environments the scenario does not know have no secrets or IAM.
  const inAccount = environments.filter(
    e => e.accountId === target.accountId && section.oidcProviders[e.name],
  );
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && !!seen.add(key);
  const managed = (
    names: string[] | undefined,
    vars: Record<string, string>,
  ): ManagedPolicyRecord[] =>
    (names ?? []).map(name => {
      if (!account.managedPolicies.has(name)) {
        account.managedPolicies.set(
          name,
          document(section.managedPolicies[name], vars),
        );
      }
      return {
        name,
        arn: `arn:aws:iam::${target.accountId}:policy/${name}`,
        document: account.managedPolicies.get(name),
      };
    });
  const policies = (
    spec: { inline?: Record<string, unknown[]>; managed?: string[] },
    vars: Record<string, string>,
  ): PrincipalPolicies => ({
    inlinePolicies: Object.entries(spec.inline ?? {}).map(([name, s]) => ({
      name,
      document: document(s, vars),
    })),
    managedPolicies: managed(spec.managed, vars),
  });

  for (const env of inAccount) {
    const vars = { account: env.accountId, region: env.region };
    for (const [component, spec] of Object.entries(section.components)) {
      const { prefix, role } = irsaOf(scenario, component);
      if (env.region === target.region) {
        for (const secret of spec.secrets.filter(s =>
          inEnvironment(s, env.name),
        )) {
          const name = `${prefix}${secret.name}`;
          if (!once(`secret:${name}`)) continue;
          account.secrets.push({
            component,
            name,
            spec: secret,
            ...(secret.resourcePolicy
              ? {
                  resourcePolicy: document(
                    section.resourcePolicies[secret.resourcePolicy],
                    { ...vars, prefix },
                  ),
                }
              : {}),
          });
          if (
            secret.kmsKey &&
            !isAwsManagedKey(secret.kmsKey) &&
            !account.customerKeys.includes(secret.kmsKey)
          ) {
            account.customerKeys.push(secret.kmsKey);
          }
        }
      }
      if (!role || !once(`role:${role.name}`)) continue;
      const oidc = fill(section.oidcProviders[env.name], vars) as string;
      account.roles.push({
        roleName: role.name,
        trustPolicy: document(
          [
            {
              Effect: 'Allow',
              Principal: {
                Federated: `arn:aws:iam::${env.accountId}:oidc-provider/${oidc}`,
              },
              Action: 'sts:AssumeRoleWithWebIdentity',
              Condition: {
                StringEquals: {
                  [`${oidc}:sub`]: `system:serviceaccount:${role.namespace}:${role.serviceAccount}`,
                  [`${oidc}:aud`]: 'sts.amazonaws.com',
                },
              },
            },
          ],
          vars,
        ),
        inlinePolicies: [
          {
            name: `${component}-secrets`,
            document: document(
              [...section.componentRolePolicy, ...(spec.roleStatements ?? [])],
              { ...vars, prefix },
            ),
          },
        ],
        managedPolicies: [],
      });
    }
    for (const role of section.roles.filter(r => inEnvironment(r, env.name))) {
      if (!once(`role:${role.name}`)) continue;
      account.roles.push({
        roleName: role.name,
        trustPolicy: document(
          role.trust ?? [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::{account}:root' },
              Action: 'sts:AssumeRole',
            },
          ],
          vars,
        ),
        ...policies(role, vars),
        ...(role.boundary
          ? { permissionsBoundary: managed([role.boundary], vars)[0] }
          : {}),
      });
    }
    for (const group of section.groups.filter(g =>
      inEnvironment(g, env.name),
    )) {
      if (!once(`group:${group.name}`)) continue;
      account.groups.push({ groupName: group.name, ...policies(group, vars) });
    }
    for (const user of section.users.filter(u => inEnvironment(u, env.name))) {
      if (!once(`user:${user.name}`)) continue;
      account.users.push({
        userName: user.name,
        groups: user.groups ?? [],
        ...policies(user, vars),
        ...(user.boundary
          ? { permissionsBoundary: managed([user.boundary], vars)[0] }
          : {}),
      });
    }
  }
  return account;
}

/** "db credentials of cart-service". */
export const descriptionOf = (secret: ScenarioSecret) =>
  `${secret.spec.name.replace(/-/g, ' ')} of ${secret.component}`;

export const tagsOf = (secret: ScenarioSecret): Record<string, string> => ({
  'app.kubernetes.io/name': secret.component,
  'inbestment:kind': secret.spec.name,
});

/** The secret's Secrets Manager metadata on the scenario's day (whole days, so findings hold all day). */
export function secretRecord(
  secret: ScenarioSecret,
  arn: string,
  now: number,
): SecretRecord {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const daysAgo = (days: number) =>
    new Date(today - days * DAY_MS).toISOString();
  const { spec } = secret;
  const rotated =
    spec.rotationDays !== undefined ? spec.rotatedDaysAgo : undefined;
  return {
    name: secret.name,
    arn,
    description: descriptionOf(secret),
    kmsKeyId: spec.kmsKey,
    rotationEnabled: spec.rotationDays !== undefined,
    rotationIntervalDays: spec.rotationDays,
    lastRotatedAt: rotated === undefined ? undefined : daysAgo(rotated),
    nextRotationAt:
      spec.rotationDays === undefined
        ? undefined
        : daysAgo((rotated ?? spec.createdDaysAgo) - spec.rotationDays),
    lastAccessedAt:
      spec.accessedDaysAgo === undefined
        ? undefined
        : daysAgo(spec.accessedDaysAgo),
    createdAt: daysAgo(spec.createdDaysAgo),
    tags: tagsOf(secret),
  };
}
