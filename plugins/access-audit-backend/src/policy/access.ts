import {
  PolicyStatementSummary,
  PrincipalKind,
  ReaderPolicySource,
  ReaderStatement,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';
import { coversAction, coversResource, wildcardActionsOf } from './match';
import { accountPrincipalOf, classifyPrincipal } from './principals';

/** An identity policy (or permission boundary) of a principal, parsed. */
export interface ParsedPolicy {
  kind: 'inline' | 'managed';
  name: string;
  arn?: string;
  statements: PolicyStatementSummary[];
}

/** A role, user or group of the account with its parsed policies. */
export interface ParsedPrincipal {
  kind: 'role' | 'user' | 'group';
  name: string;
  arn: string;
  /** Roles: the trust policy. */
  trust: PolicyStatementSummary[];
  policies: ParsedPolicy[];
  /** Roles and users: the permission boundary; its document missing means "allows nothing". */
  boundary?: ParsedPolicy;
  /** Users: the groups they are in. Groups: their members. */
  groups: string[];
}

/** Kept for the IRSA summary, which reads a role's trust and policies. */
export type ParsedRole = ParsedPrincipal;

/** The IAM principals of one account. */
export interface ParsedIam {
  roles: ParsedPrincipal[];
  users: ParsedPrincipal[];
  groups: ParsedPrincipal[];
}

/**
 * Actions that read a secret: the value, or the metadata that tells an
 * attacker what to ask for.
 */
export const SECRET_READ_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
  'secretsmanager:DescribeSecret',
];

/** Read actions that reveal the value. */
export const SECRET_VALUE_ACTIONS = new Set([
  'secretsmanager:GetSecretValue',
  'secretsmanager:BatchGetSecretValue',
]);

const GET = 'secretsmanager:GetSecretValue';
const BATCH = 'secretsmanager:BatchGetSecretValue';

interface Labelled {
  source: ReaderPolicySource;
  policy: string;
  statement: string;
  s: PolicyStatementSummary;
}

/** Who is asking, as far as a resource policy's Principal can name it. */
interface Subject {
  kind: PrincipalKind;
  arn: string;
  accountId?: string;
  /** Principal strings (`AWS:<arn>`, `Service:<name>`, `*`) that name exactly this subject. */
  names: string[];
}

const policyLabel = (policy: ParsedPolicy) =>
  policy.kind === 'inline'
    ? `inline:${policy.name}`
    : policy.arn ?? policy.name;

const statementLabel = (s: PolicyStatementSummary, index: number) =>
  s.sid ?? `#${index + 1}`;

function labelled(
  source: ReaderPolicySource,
  policies: ParsedPolicy[],
  prefix = '',
): Labelled[] {
  return policies.flatMap(policy =>
    policy.statements.map((s, index) => ({
      source,
      policy: `${prefix}${policyLabel(policy)}`,
      statement: statementLabel(s, index),
      s,
    })),
  );
}

const isWildcardPrincipal = (p: string) => p === '*' || p === 'AWS:*';

/**
 * Whether a resource policy statement's Principal/NotPrincipal applies to
 * `subject`. For an Allow only an exact name grants (an account principal of
 * the secret's own account delegates to IAM, and `*` is reported as the `any`
 * reader); a Deny also applies through `*` and through the subject's account.
 */
function appliesTo(
  s: PolicyStatementSummary,
  subject: Subject,
  effect: 'Allow' | 'Deny',
): boolean {
  const names = (principals: string[]) =>
    principals.some(
      p =>
        subject.names.includes(p) ||
        (effect === 'Deny' &&
          (isWildcardPrincipal(p) ||
            (subject.accountId !== undefined &&
              accountPrincipalOf(p) === subject.accountId))),
    );
  if (s.notPrincipals) {
    if (subject.kind === 'any') return true;
    return effect === 'Deny' && !names(s.notPrincipals);
  }
  if (subject.kind === 'any') {
    return s.principals.some(isWildcardPrincipal);
  }
  return names(s.principals);
}

interface ActionDecision {
  grants: Labelled[];
  restrictions: Labelled[];
  conditional: boolean;
}

/**
 * One action on one secret, evaluated the way AWS does within an account,
 * minus what we cannot see (SCPs, session policies, condition values):
 * an unconditional explicit Deny anywhere (identity, boundary, resource
 * policy) wins; otherwise an Allow in an identity policy that the permission
 * boundary also allows, or an Allow naming the principal in the resource
 * policy (for roles also limited by the boundary, for users not), grants.
 * Conditional Denies and conditional boundary Allows make the access
 * conditional instead of removing it.
 */
function decide(
  action: string,
  secretArn: string,
  subject: Subject,
  identity: Labelled[],
  boundary: Labelled[] | undefined,
  resource: Labelled[],
): ActionDecision | undefined {
  const covers = (l: Labelled) =>
    coversAction(l.s, action) && coversResource(l.s, secretArn);
  const denies = [
    ...identity,
    ...(boundary ?? []),
    ...resource.filter(l => appliesTo(l.s, subject, 'Deny')),
  ].filter(l => l.s.effect === 'Deny' && covers(l));
  const unconditionalDeny = denies.some(
    l =>
      l.s.conditions.length === 0 &&
      // A NotPrincipal Deny read for "anyone" spares someone: conditional, not a removal.
      !(subject.kind === 'any' && l.s.notPrincipals),
  );
  if (unconditionalDeny) return undefined;

  const boundaryAllows = boundary?.filter(
    l => l.s.effect === 'Allow' && covers(l),
  );
  const withinBoundary = !boundary || boundaryAllows!.length > 0;
  const identityGrants = withinBoundary
    ? identity.filter(l => l.s.effect === 'Allow' && covers(l))
    : [];
  // A resource policy naming a user is not limited by the user's boundary; naming a role, it is.
  const resourceGrants =
    subject.kind === 'role' && !withinBoundary
      ? []
      : resource.filter(
          l =>
            l.s.effect === 'Allow' &&
            covers(l) &&
            appliesTo(l.s, subject, 'Allow'),
        );
  const grants = [...identityGrants, ...resourceGrants];
  if (grants.length === 0) return undefined;

  const restrictions = [...denies];
  if (
    boundaryAllows?.length &&
    identityGrants.length > 0 &&
    boundaryAllows.every(l => l.s.conditions.length > 0)
  ) {
    restrictions.push(...boundaryAllows);
  }
  return {
    grants,
    restrictions,
    conditional:
      restrictions.length > 0 || grants.every(l => l.s.conditions.length > 0),
  };
}

const toStatement = (l: Labelled, action: string): ReaderStatement => ({
  source: l.source,
  policy: l.policy,
  statement: l.statement,
  effect: l.s.effect,
  actions: [action],
  conditions: l.s.conditions,
});

/** Merges per-action statements into one entry per statement. */
function mergeStatements(entries: ReaderStatement[]): ReaderStatement[] {
  const byKey = new Map<string, ReaderStatement>();
  for (const entry of entries) {
    const key = `${entry.source}|${entry.policy}|${entry.statement}|${entry.effect}`;
    const existing = byKey.get(key);
    if (existing) {
      for (const a of entry.actions) {
        if (!existing.actions.includes(a)) existing.actions.push(a);
      }
    } else {
      byKey.set(key, { ...entry, actions: [...entry.actions] });
    }
  }
  return [...byKey.values()];
}

/** Evaluates every read action for one subject and builds its reader entry. */
function readerFor(
  subject: Subject,
  base: Omit<
    SecretReader,
    | 'actions'
    | 'grantedBy'
    | 'grants'
    | 'restrictions'
    | 'wildcard'
    | 'wildcardActions'
    | 'conditional'
    | 'notes'
  >,
  secretArn: string,
  identity: Labelled[],
  boundary: Labelled[] | undefined,
  resource: Labelled[],
): SecretReader | undefined {
  const decisions = new Map<string, ActionDecision>();
  for (const action of SECRET_READ_ACTIONS) {
    const decision = decide(
      action,
      secretArn,
      subject,
      identity,
      boundary,
      resource,
    );
    if (decision) decisions.set(action, decision);
  }
  const notes: string[] = [];
  // The batch read returns a value only where the single read is allowed too.
  if (decisions.has(BATCH) && !decisions.has(GET)) {
    decisions.delete(BATCH);
    notes.push(`${BATCH} is allowed but ${GET} is not: no value can be read`);
  }
  if (decisions.size === 0) return undefined;

  const grants: ReaderStatement[] = [];
  const restrictions: ReaderStatement[] = [];
  const wildcardActions = new Set<string>();
  let wildcard = false;
  for (const [action, decision] of decisions) {
    for (const g of decision.grants) {
      grants.push(toStatement(g, action));
      wildcardActionsOf(g.s).forEach(w => wildcardActions.add(w));
      if (
        wildcardActionsOf(g.s).length ||
        (g.source !== 'resource-policy' &&
          (g.s.notResources || g.s.resources.includes('*')))
      ) {
        wildcard = true;
      }
    }
    restrictions.push(
      ...decision.restrictions.map(r => toStatement(r, action)),
    );
  }
  const mergedGrants = mergeStatements(grants);
  return {
    ...base,
    actions: SECRET_READ_ACTIONS.filter(a => decisions.has(a)),
    grantedBy: [...new Set(mergedGrants.map(g => g.policy))].sort(),
    grants: mergedGrants,
    restrictions: mergeStatements(restrictions),
    wildcard,
    wildcardActions: [...wildcardActions].sort(),
    // Conditional as to the strongest access: the value where it is readable, else the metadata.
    conditional: (decisions.get(GET) ?? [...decisions.values()][0]).conditional,
    ...(notes.length ? { notes } : {}),
  };
}

/** A statement that can apply to some secret read action (the actions do not depend on the secret). */
const aboutSecretReads = (l: Labelled) =>
  SECRET_READ_ACTIONS.some(action => coversAction(l.s, action));

interface Prepared {
  identity: Map<ParsedPrincipal, Labelled[]>;
  boundary: Map<ParsedPrincipal, Labelled[]>;
}

const preparedOf = new WeakMap<ParsedIam, Prepared>();

/**
 * Each principal's statements about secret reads, labelled, once per IAM
 * listing: users with their groups' statements, boundaries apart. A boundary
 * keeps all its statements (one that says nothing about secrets allows none).
 */
function prepare(iam: ParsedIam): Prepared {
  let prepared = preparedOf.get(iam);
  if (prepared) return prepared;
  prepared = { identity: new Map(), boundary: new Map() };
  const groupsByName = new Map(iam.groups.map(g => [g.name, g]));
  for (const principal of [...iam.roles, ...iam.users, ...iam.groups]) {
    const memberOf = principal.kind === 'user' ? principal.groups : [];
    prepared.identity.set(
      principal,
      [
        ...labelled('identity', principal.policies),
        ...memberOf.flatMap(name =>
          labelled(
            'group',
            groupsByName.get(name)?.policies ?? [],
            `group:${name} `,
          ),
        ),
      ].filter(aboutSecretReads),
    );
    if (principal.boundary) {
      prepared.boundary.set(
        principal,
        labelled('boundary', [principal.boundary]).filter(aboutSecretReads),
      );
    }
  }
  preparedOf.set(iam, prepared);
  return prepared;
}

const KIND_ORDER: Record<PrincipalKind, number> = {
  role: 0,
  user: 1,
  group: 2,
  account: 3,
  service: 4,
  federated: 5,
  any: 6,
};

/**
 * Every principal that may read the secret, and why: the account's roles
 * and users (their own and their groups' policies, within their permission
 * boundary, plus what the resource policy grants them, minus Denies), its
 * groups (their policies; members read through them), and the principals
 * the resource policy names that are not among those: other accounts and
 * their roles or users, services, or anyone.
 */
export function readersOf(options: {
  secretArn: string;
  /** The secret's account. */
  accountId: string;
  iam: ParsedIam;
  resourcePolicy?: PolicyStatementSummary[];
  /** The component's IRSA role, when it holds that claim. */
  ownRoleName?: string;
}): SecretReader[] {
  const { secretArn, accountId, iam, ownRoleName } = options;
  const resource = (options.resourcePolicy ?? []).map((s, index) => ({
    source: 'resource-policy' as const,
    policy: 'resource policy',
    statement: statementLabel(s, index),
    s,
  }));
  const readers: SecretReader[] = [];
  const covered = new Set<string>();
  const prepared = prepare(iam);

  for (const principal of [...iam.roles, ...iam.users]) {
    covered.add(`AWS:${principal.arn}`);
    const memberOf = principal.kind === 'user' ? principal.groups : [];
    const identity = prepared.identity.get(principal)!;
    const reader = readerFor(
      {
        kind: principal.kind,
        arn: principal.arn,
        accountId,
        names: [`AWS:${principal.arn}`],
      },
      {
        kind: principal.kind,
        name: principal.name,
        arn: principal.arn,
        accountId,
        external: false,
        ownRole: principal.kind === 'role' && principal.name === ownRoleName,
        ...(memberOf.length ? { viaGroups: memberOf } : {}),
        ...(principal.boundary
          ? { permissionsBoundary: policyLabel(principal.boundary) }
          : {}),
      },
      secretArn,
      identity,
      prepared.boundary.get(principal),
      resource,
    );
    if (reader) readers.push(reader);
  }

  for (const group of iam.groups) {
    const reader = readerFor(
      { kind: 'group', arn: group.arn, accountId, names: [] },
      {
        kind: 'group',
        name: group.name,
        arn: group.arn,
        accountId,
        external: false,
        ownRole: false,
        members: group.groups,
      },
      secretArn,
      prepared.identity.get(group)!,
      undefined,
      resource,
    );
    if (reader) readers.push(reader);
  }

  // Principals the resource policy names, other than the account's listed roles and users,
  // one reader per principal however many ways it is written (`123…` and `…:root`).
  const named = new Map<
    string,
    { classified: ReturnType<typeof classifyPrincipal>; names: string[] }
  >();
  const name = (p: string) => {
    const classified = classifyPrincipal(p, accountId);
    // The account itself delegates to IAM: its roles and users are evaluated above.
    if (classified.kind === 'account' && !classified.external) return;
    const key = `${classified.kind}|${classified.arn}`;
    const entry = named.get(key) ?? { classified, names: [] };
    entry.names.push(p);
    named.set(key, entry);
  };
  for (const { s } of resource) {
    if (s.effect !== 'Allow') continue;
    if (s.notPrincipals) {
      name('*');
      continue;
    }
    s.principals.filter(p => !covered.has(p)).forEach(name);
  }
  for (const { classified, names } of named.values()) {
    const reader = readerFor(
      {
        kind: classified.kind,
        arn: classified.arn,
        accountId: classified.accountId,
        names,
      },
      { ...classified, ownRole: false },
      secretArn,
      [],
      undefined,
      resource,
    );
    if (reader) {
      if (classified.external && classified.accountId) {
        reader.notes = [
          ...(reader.notes ?? []),
          `the policies of account ${classified.accountId} decide which of its principals use this grant; they are not visible from here`,
        ];
      }
      readers.push(reader);
    }
  }

  return readers.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      Number(a.external) - Number(b.external) ||
      a.name.localeCompare(b.name),
  );
}
