import { z } from 'zod';
import { parseSection, Scenario } from '../scenario';

/** An IAM policy statement as IAM takes it (Effect, Action, Resource, Principal, Condition …). */
const statementSchema = z.looseObject({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
});
const statementsSchema = z.array(statementSchema).min(1);
/** Inline policies by name. */
const inlineSchema = z.record(z.string().min(1), statementsSchema);
/** Environment names (as in `awsOps.environments`); omitted: every environment. */
const environmentsSchema = z.array(z.string().min(1)).min(1).optional();
const daysAgo = z.number().int().min(0);

const secretSchema = z.strictObject({
  /** The secret's name after the component's secrets prefix. */
  name: z.string().min(1),
  /** Customer-managed KMS key (an alias); omitted: the AWS managed key. */
  kmsKey: z.string().min(1).optional(),
  /** Rotation interval; omitted: rotation disabled. */
  rotationDays: z.number().int().positive().optional(),
  createdDaysAgo: daysAgo,
  rotatedDaysAgo: daysAgo.optional(),
  /** Omitted: never accessed. */
  accessedDaysAgo: daysAgo.optional(),
  /** A key of `resourcePolicies`. */
  resourcePolicy: z.string().min(1).optional(),
  environments: environmentsSchema,
});

const componentSchema = z.strictObject({
  secrets: z.array(secretSchema).default([]),
  /** Statements added to the component's IRSA role policy. */
  roleStatements: z.array(statementSchema).optional(),
});

const roleSchema = z.strictObject({
  name: z.string().min(1),
  /** Trust policy; omitted: the account's root may assume the role. */
  trust: statementsSchema.optional(),
  inline: inlineSchema.optional(),
  /** Names of `managedPolicies`. */
  managed: z.array(z.string().min(1)).optional(),
  /** A name of `managedPolicies`. */
  boundary: z.string().min(1).optional(),
  environments: environmentsSchema,
});

const groupSchema = z.strictObject({
  name: z.string().min(1),
  inline: inlineSchema.optional(),
  managed: z.array(z.string().min(1)).optional(),
  environments: environmentsSchema,
});

const userSchema = z.strictObject({
  name: z.string().min(1),
  groups: z.array(z.string().min(1)).optional(),
  inline: inlineSchema.optional(),
  managed: z.array(z.string().min(1)).optional(),
  boundary: z.string().min(1).optional(),
  environments: environmentsSchema,
});

/** The `access` section of the scenario file: Secrets Manager and IAM. */
export const accessSectionSchema = z.strictObject({
  /**
   * The scenario's environments (as named in `awsOps.environments`), each
   * with the EKS OIDC provider host its IRSA roles trust.
   */
  oidcProviders: z.record(z.string().min(1), z.string().min(1)),
  /** The inline policy every component's IRSA role has (named `<component>-secrets`). */
  componentRolePolicy: statementsSchema,
  resourcePolicies: z.record(z.string().min(1), statementsSchema).default({}),
  components: z.record(z.string().min(1), componentSchema),
  managedPolicies: z.record(z.string().min(1), statementsSchema).default({}),
  roles: z.array(roleSchema).default([]),
  groups: z.array(groupSchema).default([]),
  users: z.array(userSchema).default([]),
});

export type AccessSection = z.infer<typeof accessSectionSchema>;
export type AccessSecret = z.infer<typeof secretSchema>;

/**
 * Reads the `access` section and checks what the schema cannot: components
 * of the store, environments (those `oidcProviders` names) and names that
 * refer to other entries.
 */
export function readAccessSection(scenario: Scenario): AccessSection {
  const section = parseSection(scenario, 'access', accessSectionSchema);
  const environments = Object.keys(section.oidcProviders);
  const fail = (where: string, message: string) => {
    throw new Error(`${scenario.file}: access.${where}: ${message}`);
  };
  const checkEnvironments = (where: string, names?: string[]) =>
    names
      ?.filter(name => !environments.includes(name))
      .forEach(name => fail(where, `unknown environment '${name}'`));
  const checkManaged = (where: string, names: Array<string | undefined>) =>
    names
      .filter((name): name is string => !!name)
      .filter(name => !section.managedPolicies[name])
      .forEach(name => fail(where, `no managed policy '${name}'`));
  for (const [component, { secrets }] of Object.entries(section.components)) {
    scenario.assertComponent(component, `access.components.${component}`);
    secrets.forEach((secret, i) => {
      const where = `components.${component}.secrets.${i}`;
      checkEnvironments(where, secret.environments);
      if (
        secret.resourcePolicy &&
        !section.resourcePolicies[secret.resourcePolicy]
      ) {
        fail(where, `no resource policy '${secret.resourcePolicy}'`);
      }
      if (secret.rotatedDaysAgo !== undefined && !secret.rotationDays) {
        fail(where, 'rotatedDaysAgo needs rotationDays');
      }
    });
  }
  const groups = new Set(section.groups.map(g => g.name));
  section.roles.forEach((r, i) => {
    checkEnvironments(`roles.${i}`, r.environments);
    checkManaged(`roles.${i}`, [...(r.managed ?? []), r.boundary]);
  });
  section.groups.forEach((g, i) => {
    checkEnvironments(`groups.${i}`, g.environments);
    checkManaged(`groups.${i}`, g.managed ?? []);
  });
  section.users.forEach((u, i) => {
    checkEnvironments(`users.${i}`, u.environments);
    checkManaged(`users.${i}`, [...(u.managed ?? []), u.boundary]);
    (u.groups ?? [])
      .filter(g => !groups.has(g))
      .forEach(g => fail(`users.${i}`, `no group '${g}'`));
  });
  return section;
}
