import { ConfigReader } from '@backstage/config';
import { readRoleGroups, rolesOf } from './roles';

const defaults = readRoleGroups(new ConfigReader({}));

describe('rolesOf', () => {
  it('derives each demo user role from their groups, most specific first', () => {
    expect(
      rolesOf(
        ['user:default/demo-developer', 'group:default/team-commerce'],
        defaults,
      ),
    ).toEqual(['developer']);
    expect(
      rolesOf(
        [
          'user:default/demo-oncall',
          'group:default/team-commerce',
          'group:default/oncall',
        ],
        defaults,
      ),
    ).toEqual(['onCall', 'developer']);
    expect(
      rolesOf(
        ['user:default/demo-auditor', 'group:default/auditors'],
        defaults,
      ),
    ).toEqual(['auditor']);
    expect(
      rolesOf(
        [
          'user:default/demo-lead',
          'group:default/team-commerce',
          'group:default/team-leads',
        ],
        defaults,
      ),
    ).toEqual(['teamLead', 'developer']);
  });

  it('gives no role to a user without groups', () => {
    expect(rolesOf(['user:default/someone'], defaults)).toEqual([]);
  });

  it('reads the role groups from config, case-insensitively', () => {
    const roleGroups = readRoleGroups(
      new ConfigReader({
        inbestment: {
          permissions: {
            roleGroups: { auditor: ['group:default/External-Audit'] },
          },
        },
      }),
    );
    expect(
      rolesOf(['user:default/x', 'group:default/external-audit'], roleGroups),
    ).toEqual(['auditor']);
    // the configured list replaces the default for that role only
    expect(
      rolesOf(['user:default/x', 'group:default/auditors'], roleGroups),
    ).toEqual(['developer']);
    expect(
      rolesOf(['user:default/x', 'group:default/oncall'], roleGroups),
    ).toEqual(['onCall']);
  });
});
