import { Entity } from '@backstage/catalog-model';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  AccessAuditEntityResponse,
  SecretReader,
} from '@internal/backstage-plugin-access-audit-common';
import { screen, within } from '@testing-library/react';
import { AccessAuditApi, accessAuditApiRef } from '../api';
import { AccessContent } from './AccessContent';

/** Core-components tables render slowly in jsdom on a busy machine. */
const RENDERED = { timeout: 10_000 };

// A test waits up to RENDERED for a table: jest's 5 s default would end it first.
jest.setTimeout(30_000);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: { type: 'service' },
};

const ARN =
  'arn:aws:secretsmanager:eu-west-1:111122223333:secret:inbestment/checkout-service/api-key-AbCdEf';

const READER: SecretReader = {
  kind: 'role',
  name: '',
  arn: '',
  accountId: '111122223333',
  external: false,
  ownRole: false,
  actions: [],
  grantedBy: [],
  grants: [],
  restrictions: [],
  wildcard: false,
  wildcardActions: [],
  conditional: false,
};

const response: AccessAuditEntityResponse = {
  source: 'demo',
  fetchedAt: new Date().toISOString(),
  entityRef: 'component:default/checkout-service',
  secretsPrefix: 'inbestment/checkout-service/',
  iamRoleName: 'inbestment-checkout-service',
  errors: [
    {
      scope: {
        environment: 'staging',
        accountId: '444455556666',
        region: 'eu-west-1',
      },
      name: 'NotAllowedError',
      message:
        'AccessDeniedException: not authorized to perform secretsmanager:ListSecrets',
    },
  ],
  environments: [
    {
      name: 'prod',
      accountId: '111122223333',
      region: 'eu-west-1',
      secrets: [
        {
          name: 'inbestment/checkout-service/api-key',
          arn: ARN,
          description: 'payment provider API key',
          environment: 'prod',
          accountId: '111122223333',
          region: 'eu-west-1',
          kmsKeyManager: 'AWS',
          rotationEnabled: false,
          createdAt: '2025-01-02T00:00:00.000Z',
          lastAccessedAt: '2026-11-20T08:00:00.000Z',
          tags: { team: 'checkout' },
          resourcePolicy: [
            {
              sid: 'Partner',
              effect: 'Allow',
              principals: ['*'],
              actions: ['secretsmanager:GetSecretValue'],
              resources: ['*'],
              conditions: [],
            },
          ],
          readers: [
            {
              ...READER,
              name: 'inbestment-checkout-service',
              arn: 'arn:aws:iam::111122223333:role/inbestment-checkout-service',
              ownRole: true,
              actions: ['secretsmanager:GetSecretValue'],
              grantedBy: ['inline:own'],
            },
            {
              ...READER,
              name: 'inbestment-ci-deploy',
              arn: 'arn:aws:iam::111122223333:role/inbestment-ci-deploy',
              actions: ['secretsmanager:DescribeSecret'],
              grantedBy: ['inline:ci'],
              wildcard: true,
            },
            {
              ...READER,
              kind: 'user',
              name: 'oncall-alice',
              arn: 'arn:aws:iam::111122223333:user/oncall-alice',
              actions: ['secretsmanager:GetSecretValue'],
              grantedBy: ['group:oncall inline:read'],
              viaGroups: ['oncall'],
              conditional: true,
              restrictions: [
                {
                  source: 'resource-policy',
                  policy: 'resource policy',
                  statement: 'DenyOutsideOrg',
                  effect: 'Deny',
                  actions: ['secretsmanager:GetSecretValue'],
                  conditions: [
                    {
                      operator: 'StringNotEquals',
                      key: 'aws:PrincipalOrgID',
                      values: ['o-1'],
                    },
                  ],
                },
              ],
            },
            {
              ...READER,
              kind: 'group',
              name: 'oncall',
              arn: 'arn:aws:iam::111122223333:group/oncall',
              actions: ['secretsmanager:GetSecretValue'],
              grantedBy: ['inline:read'],
              members: ['oncall-alice', 'oncall-bob'],
            },
            {
              ...READER,
              kind: 'role',
              name: 'partner-reporting',
              arn: 'arn:aws:iam::999988887777:role/partner-reporting',
              accountId: '999988887777',
              external: true,
              actions: ['secretsmanager:GetSecretValue'],
              grantedBy: ['resource policy'],
            },
          ],
        },
      ],
      irsaRole: {
        roleName: 'inbestment-checkout-service',
        roleArn: 'arn:aws:iam::111122223333:role/inbestment-checkout-service',
        found: true,
        trust: [
          {
            effect: 'Allow',
            principals: [
              'Federated:arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC',
            ],
            actions: ['sts:AssumeRoleWithWebIdentity'],
            resources: [],
            conditions: [],
            oidcProviders: ['oidc.eks.eu-west-1.amazonaws.com/id/ABC'],
            serviceAccounts: [
              { namespace: 'inbestment', name: 'checkout-service' },
            ],
          },
        ],
        policies: [
          {
            kind: 'inline',
            name: 'checkout-service-secrets',
            grants: [
              {
                effect: 'Allow',
                actions: ['secretsmanager:GetSecretValue'],
                resources: [
                  'arn:aws:secretsmanager:*:*:secret:inbestment/checkout-service/*',
                ],
                conditions: [],
              },
            ],
          },
        ],
      },
    },
    {
      name: 'staging',
      accountId: '444455556666',
      region: 'eu-west-1',
      secrets: [],
    },
  ],
  findings: [
    {
      id: `rotation-disabled|${ARN}`,
      type: 'rotation-disabled',
      severity: 'high',
      title: 'Rotation is disabled',
      evidence: 'RotationEnabled is false',
      entityRef: 'component:default/checkout-service',
      environment: 'prod',
      accountId: '111122223333',
      region: 'eu-west-1',
      secretName: 'inbestment/checkout-service/api-key',
      secretArn: ARN,
    },
  ],
};

describe('AccessContent', () => {
  it('shows secrets, who can read them, the IRSA trust, findings and the failing environment', async () => {
    const api: Partial<AccessAuditApi> = {
      getEntityAudit: jest.fn(async () => response),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[accessAuditApiRef, api]]}>
        <EntityProvider entity={entity}>
          <AccessContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByTestId('demo-data-banner', {}, RENDERED),
    ).toBeInTheDocument();
    expect(api.getEntityAudit).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-service',
    });

    const findings = screen.getByRole('table', { name: 'Findings' });
    const finding = within(findings)
      .getByText('RotationEnabled is false')
      .closest('tr')!;
    expect(within(finding).getByText('high')).toBeInTheDocument();
    expect(
      within(finding).getByText('Rotation is disabled'),
    ).toBeInTheDocument();

    const secrets = screen.getByRole('table', { name: 'Secrets' });
    const row = within(secrets)
      .getByText('inbestment/checkout-service/api-key')
      .closest('tr')!;
    expect(within(row).getByText('disabled')).toBeInTheDocument();
    expect(within(row).getByText('AWS managed')).toBeInTheDocument();
    expect(within(row).getByText('2026-11-20')).toBeInTheDocument();
    expect(within(row).getByText('created 2025-01-02')).toBeInTheDocument();
    expect(
      within(row).getByText('Allow * to secretsmanager:GetSecretValue'),
    ).toBeInTheDocument();
    // Each reader with its kind, and why it reads.
    expect(
      within(row)
        .getAllByTestId('secret-reader')
        .map(r => r.textContent),
    ).toEqual([
      'role inbestment-checkout-service (own role)',
      'role inbestment-ci-deploy (metadata only) · wildcard',
      'user oncall-alice · conditional',
      'group oncall',
      'external role partner-reporting · account 999988887777',
    ]);
    expect(
      within(row)
        .getAllByTestId('secret-reader-why')
        .map(r => r.textContent),
    ).toEqual([
      'via inline:own',
      'via inline:ci',
      'via group:oncall inline:read; member of oncall; denied by resource policy statement DenyOutsideOrg if StringNotEquals aws:PrincipalOrgID = o-1',
      'via inline:read; members: oncall-alice, oncall-bob',
      'via resource policy',
    ]);

    expect(
      screen.getByText(
        /service account inbestment\/checkout-service through oidc\.eks\.eu-west-1\.amazonaws\.com\/id\/ABC/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Allow secretsmanager:GetSecretValue on arn:aws:secretsmanager:*:*:secret:inbestment/checkout-service/*',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No secrets with this prefix here.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/not authorized to perform secretsmanager:ListSecrets/),
    ).toBeInTheDocument();
  });

  it('says when the data is stale and why the refresh failed', async () => {
    const api: Partial<AccessAuditApi> = {
      getEntityAudit: jest.fn(async () => ({
        ...response,
        stale: {
          since: new Date(Date.now() - 10 * 60_000).toISOString(),
          refreshError: {
            name: 'ThrottlingException',
            message: 'Rate exceeded',
          },
        },
      })),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[accessAuditApiRef, api]]}>
        <EntityProvider entity={entity}>
          <AccessContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByTestId('stale-marker', {}, RENDERED),
    ).toHaveTextContent(
      'stale: last good data from 10 min ago; refresh failed: Rate exceeded',
    );
  });
});
