import { memoryCacheService } from '@internal/backstage-plugin-aws-ops-node/testUtils';
import {
  GetAccountAuthorizationDetailsCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createAwsOpsService } from '@internal/backstage-plugin-aws-ops-node';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsAccessAuditProvider } from './AwsAccessAuditProvider';

// moto answers GetAccountAuthorizationDetails in one page (IsTruncated false)
// and has no user permission boundaries, so the paging and a user's boundary
// are checked here on responses shaped like AWS's own (documents URL-encoded).
const ACCOUNT = '111122223333';
const enc = (doc: object) => encodeURIComponent(JSON.stringify(doc));
const READ = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    },
  ],
};
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';

describe('AwsAccessAuditProvider.listIam paging (recorded response shapes)', () => {
  const iam = mockClient(IAMClient);
  const savedEnv = { ...process.env };
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'test';
    process.env.AWS_SECRET_ACCESS_KEY = 'test';
  });
  afterAll(() => {
    iam.restore();
    process.env = savedEnv;
  });

  it('follows Marker until IsTruncated is false and reads boundaries of users and roles', async () => {
    iam
      .on(GetAccountAuthorizationDetailsCommand, { Marker: undefined })
      .resolves({
        IsTruncated: true,
        Marker: 'AQBg-page-2',
        RoleDetailList: [
          {
            Path: '/',
            RoleName: 'reporting',
            RoleId: 'AROAEXAMPLEROLE00001',
            Arn: `arn:aws:iam::${ACCOUNT}:role/reporting`,
            CreateDate: new Date('2024-01-02T03:04:05Z'),
            AssumeRolePolicyDocument: enc({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'lambda.amazonaws.com' },
                  Action: 'sts:AssumeRole',
                },
              ],
            }),
            InstanceProfileList: [],
            RolePolicyList: [{ PolicyName: 'read', PolicyDocument: enc(READ) }],
            AttachedManagedPolicies: [],
            PermissionsBoundary: {
              PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
              PermissionsBoundaryArn: POWER_USER,
            },
            Tags: [],
          },
        ],
        UserDetailList: [
          {
            Path: '/',
            UserName: 'alice',
            UserId: 'AIDAEXAMPLEUSER00001',
            Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
            CreateDate: new Date('2024-01-02T03:04:05Z'),
            GroupList: ['oncall'],
            AttachedManagedPolicies: [],
            PermissionsBoundary: {
              PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
              PermissionsBoundaryArn: `arn:aws:iam::${ACCOUNT}:policy/boundaries/people`,
            },
            Tags: [],
          },
        ],
        GroupDetailList: [],
        Policies: [],
      })
      .on(GetAccountAuthorizationDetailsCommand, { Marker: 'AQBg-page-2' })
      .resolves({
        IsTruncated: false,
        RoleDetailList: [],
        UserDetailList: [],
        GroupDetailList: [
          {
            Path: '/',
            GroupName: 'oncall',
            GroupId: 'AGPAEXAMPLEGROUP0001',
            Arn: `arn:aws:iam::${ACCOUNT}:group/oncall`,
            CreateDate: new Date('2024-01-02T03:04:05Z'),
            GroupPolicyList: [
              { PolicyName: 'read', PolicyDocument: enc(READ) },
            ],
            AttachedManagedPolicies: [],
          },
        ],
        Policies: [
          {
            PolicyName: 'people',
            PolicyId: 'ANPAEXAMPLEPOLICY001',
            Arn: `arn:aws:iam::${ACCOUNT}:policy/boundaries/people`,
            Path: '/boundaries/',
            DefaultVersionId: 'v2',
            AttachmentCount: 0,
            PermissionsBoundaryUsageCount: 1,
            IsAttachable: true,
            PolicyVersionList: [
              {
                Document: enc({
                  Version: '2012-10-17',
                  Statement: [
                    { Effect: 'Allow', Action: 's3:*', Resource: '*' },
                  ],
                }),
                VersionId: 'v2',
                IsDefaultVersion: true,
              },
              {
                Document: enc(READ),
                VersionId: 'v1',
                IsDefaultVersion: false,
              },
            ],
          },
        ],
      });
    iam.on(GetPolicyCommand, { PolicyArn: POWER_USER }).resolves({
      Policy: {
        PolicyName: 'PowerUserAccess',
        Arn: POWER_USER,
        DefaultVersionId: 'v5',
      },
    });
    iam
      .on(GetPolicyVersionCommand, { PolicyArn: POWER_USER, VersionId: 'v5' })
      .resolves({
        PolicyVersion: {
          Document: enc({
            Version: '2012-10-17',
            Statement: [
              { Effect: 'Allow', NotAction: ['iam:*'], Resource: '*' },
            ],
          }),
          VersionId: 'v5',
          IsDefaultVersion: true,
        },
      });

    const provider = new AwsAccessAuditProvider(
      createAwsOpsService(
        new ConfigReader({
          awsOps: {
            source: 'aws',
            // Nothing listens here: every call is answered by the mock.
            endpoint: 'http://127.0.0.1:9',
            accounts: [{ accountId: ACCOUNT, regions: ['eu-west-1'] }],
            environments: [
              { name: 'prod', accountId: ACCOUNT, region: 'eu-west-1' },
            ],
          },
        }),
        mockServices.logger.mock(),
        memoryCacheService(),
      ),
    );
    const records = await provider.listIam({
      accountId: ACCOUNT,
      region: 'eu-west-1',
    });

    const pages = iam.commandCalls(GetAccountAuthorizationDetailsCommand);
    expect(pages.map(c => c.args[0].input.Marker)).toEqual([
      undefined,
      'AQBg-page-2',
    ]);
    expect(pages[0].args[0].input.Filter).toEqual([
      'Role',
      'User',
      'Group',
      'LocalManagedPolicy',
    ]);
    expect(records.roles.map(r => r.roleName)).toEqual(['reporting']);
    expect(records.groups.map(g => g.groupName)).toEqual(['oncall']);
    const [alice] = records.users;
    expect(alice).toMatchObject({ userName: 'alice', groups: ['oncall'] });
    // A local boundary's default version comes from the listing's Policies.
    expect(decodeURIComponent(alice.permissionsBoundary!.document!)).toContain(
      's3:*',
    );
    expect(alice.permissionsBoundary!.name).toBe('people');
    // An AWS managed boundary is read with GetPolicy + GetPolicyVersion.
    expect(
      decodeURIComponent(records.roles[0].permissionsBoundary!.document!),
    ).toContain('"NotAction":["iam:*"]');
    expect(iam.commandCalls(GetPolicyCommand)).toHaveLength(1);
  });
});
