import fs from 'node:fs';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { eksPermissions } from '@internal/backstage-plugin-eks-common';
import { InbestmentPermissionPolicy } from './policy';
import {
  readRoleGroups,
  rolesOf,
} from '@internal/backstage-plugin-permission-inbestment-common';
import { orgOwnership, userInfoFrom } from './__testUtils__/orgFixture';

/** The permission matrix of README.md: one row per permission, one column per user. */
function readMatrix() {
  const readme = fs.readFileSync(path.join(__dirname, '../README.md'), 'utf8');
  const table = readme
    .split('<!-- permission-matrix:start -->')[1]
    .split('<!-- permission-matrix:end -->')[0];
  const [header, , ...rows] = table
    .trim()
    .split('\n')
    .map(line =>
      line
        .split('|')
        .slice(1, -1)
        .map(text => text.trim()),
    );
  const users = header.slice(2).map(text => /`([^`]+)`/.exec(text)![1]);
  return rows.map(([, permission, ...cells]) => ({
    permission: permission.replace(/`/g, ''),
    expected: new Map(users.map((user, i) => [user, cells[i]])),
  }));
}

const known = new Map<string, Permission>(
  [...catalogPermissions, ...scaffolderPermissions, ...eksPermissions].map(
    p => [p.name, p],
  ),
);
/** Permissions of plugins this package does not depend on, declared as those plugins declare them. */
function permissionNamed(name: string): Permission {
  return (
    known.get(name) ??
    (name.endsWith('.findings.read') ||
    name.startsWith('catalog.entities.unprocessed')
      ? createPermission({ name, attributes: {} })
      : createPermission({
          name,
          attributes: { action: 'read' },
          resourceType: 'catalog-entity',
        }))
  );
}

const ownership = orgOwnership();
const policy = new InbestmentPermissionPolicy({
  roleGroups: readRoleGroups(new ConfigReader({})),
  userInfo: userInfoFrom(ownership),
});

function decide(permission: Permission, user: string) {
  const credentials = mockCredentials.user(`user:default/${user}`);
  return policy.handle({ permission }, { credentials, info: undefined as any });
}

/** `yes`, `no` or `own`; an `own` decision must check ownership with exactly this user's claims. */
function cell(decision: PolicyDecision, user: string): string {
  if (decision.result === AuthorizeResult.ALLOW) return 'yes';
  if (decision.result !== AuthorizeResult.CONDITIONAL) return 'no';
  const userRef = `user:default/${user}`;
  const claims = ownership.get(userRef) ?? [userRef];
  if (decision.resourceType === 'catalog-entity') {
    expect(decision).toMatchObject({
      pluginId: 'catalog',
      conditions: { rule: 'IS_ENTITY_OWNER', params: { claims } },
    });
  } else {
    expect(decision).toMatchObject({
      pluginId: 'scaffolder',
      resourceType: 'scaffolder-task',
      conditions: { rule: 'IS_TASK_OWNER', params: { createdBy: [userRef] } },
    });
  }
  return 'own';
}

describe('the README permission matrix', () => {
  const matrix = readMatrix();

  it('covers every protected action of the portal', () => {
    expect(matrix.map(row => row.permission)).toEqual(
      expect.arrayContaining([
        'catalog.entity.refresh',
        'catalog.entity.delete',
        'scaffolder.task.create',
        'eks.deployments.read',
        'cloudwatch.alarms.read',
        'waf.events.read',
        'access-audit.entity.read',
        'access-audit.findings.read',
      ]),
    );
  });

  it.each(matrix.map(row => [row.permission, row.expected] as const))(
    '%s is decided as the README says for each user',
    async (name, expected) => {
      const actual = new Map<string, string>();
      for (const user of expected.keys()) {
        actual.set(user, cell(await decide(permissionNamed(name), user), user));
      }
      expect(actual).toEqual(expected);
    },
  );
});

describe('roles from catalog/org.yaml', () => {
  const roleGroups = readRoleGroups(new ConfigReader({}));
  const roles = (user: string) =>
    [...rolesOf(ownership.get(`user:default/${user}`)!, roleGroups)].sort();

  it('gives each demo user exactly the role its name says, plus developer through a team', () => {
    expect({
      developer: roles('demo-developer'),
      lead: roles('demo-lead'),
      oncall: roles('demo-oncall'),
      auditor: roles('demo-auditor'),
      admin: roles('demo-admin'),
    }).toEqual({
      developer: ['developer'],
      lead: ['developer', 'teamLead'],
      oncall: ['developer', 'onCall'],
      auditor: ['auditor'],
      admin: ['developer', 'platformAdmin'],
    });
  });

  it('maps roles to the groups configured, keeping defaults for the others', async () => {
    const configured = readRoleGroups(
      new ConfigReader({
        inbestment: {
          permissions: {
            roleGroups: { auditor: ['group:default/Team-Commerce'] },
          },
        },
      }),
    );
    expect(configured.auditor).toEqual(['group:default/team-commerce']);
    expect(configured.platformAdmin).toEqual(['group:default/platform-admins']);
    const refs = ownership.get('user:default/demo-developer')!;
    // team-commerce is now a role group, so it no longer makes a developer
    expect([...rolesOf(refs, configured)]).toEqual(['auditor']);

    const reconfigured = new InbestmentPermissionPolicy({
      roleGroups: configured,
      userInfo: userInfoFrom(ownership),
    });
    const findings = permissionNamed('access-audit.findings.read');
    const credentials = mockCredentials.user('user:default/demo-developer');
    await expect(
      reconfigured.handle(
        { permission: findings },
        { credentials, info: undefined as any },
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(decide(findings, 'demo-auditor')).resolves.toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('denies everything without a user', async () => {
    await expect(
      policy.handle({ permission: permissionNamed('catalog.entity.read') }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });
});
