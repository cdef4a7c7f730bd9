import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  SubvalueCell,
  TableFilter,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  AccessAuditEnvironment,
  Finding,
  FINDING_SEVERITIES,
  IrsaRoleSummary,
  SecretMetadata,
} from '@internal/backstage-plugin-access-audit-common';
import {
  DemoDataBanner,
  ErrorsPanel,
  Identifier,
  OpsTable,
  OpsTableColumn,
  StatusChip,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessAuditApiRef } from '../api';
import {
  day,
  grantText,
  readerKindText,
  readerWhy,
  statementText,
} from './format';
import { SeverityChip } from './FindingsTable';

const KEY_MANAGER_LABEL: Record<SecretMetadata['kmsKeyManager'], string> = {
  CUSTOMER: 'customer managed',
  AWS: 'AWS managed',
  unknown: 'unknown',
};

function RotationCell(props: { secret: SecretMetadata }) {
  const { secret } = props;
  return (
    <>
      {secret.rotationEnabled ? (
        <StatusChip
          level="ok"
          label={
            secret.rotationIntervalDays
              ? `every ${secret.rotationIntervalDays} d`
              : secret.rotationSchedule ?? 'enabled'
          }
        />
      ) : (
        <StatusChip level="error" label="disabled" />
      )}
      {(secret.lastRotatedAt || secret.nextRotationAt) && (
        <Typography variant="caption" display="block">
          last {day(secret.lastRotatedAt)} · next {day(secret.nextRotationAt)}
        </Typography>
      )}
    </>
  );
}

function SecretCell(props: { secret: SecretMetadata }) {
  const { secret } = props;
  return (
    <>
      <Identifier title={secret.arn}>{secret.name}</Identifier>
      {secret.description && (
        <Typography variant="caption" display="block">
          {secret.description}
        </Typography>
      )}
      {Object.keys(secret.tags).length > 0 && (
        <Typography variant="caption" display="block">
          {Object.entries(secret.tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(', ')}
        </Typography>
      )}
      <Typography variant="caption" color="textSecondary" display="block">
        created {day(secret.createdAt)}
      </Typography>
    </>
  );
}

/**
 * Every reader with its kind (role, user, group, account, service, anyone)
 * and why it reads: the granting policies and what makes it conditional.
 */
function ReadersCell(props: { secret: SecretMetadata }) {
  if (props.secret.readers.length === 0) {
    return <Typography variant="caption">nobody</Typography>;
  }
  return (
    <>
      {props.secret.readers.map(reader => (
        <Box key={`${reader.kind}:${reader.arn}`} mb={0.5}>
          <Typography
            variant="caption"
            display="block"
            title={`${reader.arn}: ${reader.actions.join(', ')}`}
            data-testid="secret-reader"
          >
            <strong>{readerKindText(reader)}</strong> {reader.name}
            {reader.ownRole ? ' (own role)' : ''}
            {reader.actions.some(a => !a.endsWith('DescribeSecret'))
              ? ''
              : ' (metadata only)'}
            {reader.external && reader.accountId && reader.kind !== 'account'
              ? ` · account ${reader.accountId}`
              : ''}
            {reader.wildcard ? ' · wildcard' : ''}
            {reader.conditional ? ' · conditional' : ''}
          </Typography>
          <Typography
            variant="caption"
            display="block"
            color="textSecondary"
            data-testid="secret-reader-why"
            // Policy ARNs are long words: wrap them rather than widen the table.
            style={{ overflowWrap: 'anywhere' }}
          >
            {readerWhy(reader).join('; ')}
          </Typography>
        </Box>
      ))}
    </>
  );
}

const time = (iso?: string) => (iso ? Date.parse(iso) : 0);

const secretColumns: OpsTableColumn<SecretMetadata>[] = [
  {
    title: 'Secret',
    field: 'name',
    cellStyle: { minWidth: 180 },
    render: secret => <SecretCell secret={secret} />,
  },
  {
    title: 'Rotation',
    field: 'rotationEnabled',
    // disabled rotation first
    customSort: (a, b) => Number(a.rotationEnabled) - Number(b.rotationEnabled),
    render: secret => <RotationCell secret={secret} />,
  },
  {
    title: 'Last accessed',
    field: 'lastAccessedAt',
    customSort: (a, b) => time(b.lastAccessedAt) - time(a.lastAccessedAt),
    render: secret => day(secret.lastAccessedAt),
  },
  {
    title: 'KMS key',
    field: 'kmsKeyManager',
    render: secret => (
      <span title={secret.kmsKeyId ?? 'aws/secretsmanager'}>
        <StatusChip
          level={secret.kmsKeyManager === 'CUSTOMER' ? 'ok' : 'warning'}
          label={KEY_MANAGER_LABEL[secret.kmsKeyManager]}
        />
      </span>
    ),
  },
  {
    title: 'Resource policy',
    sorting: false,
    render: secret =>
      secret.resourcePolicy
        ? secret.resourcePolicy.map((statement, i) => (
            <Typography key={i} variant="caption" display="block">
              {statementText(statement)}
            </Typography>
          ))
        : 'none',
  },
  {
    title: 'Who can read it',
    sorting: false,
    render: secret => <ReadersCell secret={secret} />,
  },
];

const secretArn = (secret: SecretMetadata) => secret.arn;

function SecretsTable(props: { secrets: SecretMetadata[] }) {
  if (props.secrets.length === 0) {
    return (
      <Typography variant="body2">No secrets with this prefix here.</Typography>
    );
  }
  return (
    <OpsTable
      label="Secrets"
      columns={secretColumns}
      data={props.secrets}
      rowId={secretArn}
    />
  );
}

const severityRank = (finding: Finding) =>
  FINDING_SEVERITIES.indexOf(finding.severity);

const findingColumns: OpsTableColumn<Finding>[] = [
  {
    title: 'Severity',
    field: 'severity',
    // ascending is most severe first
    customSort: (a, b) => severityRank(a) - severityRank(b),
    render: finding => <SeverityChip severity={finding.severity} />,
  },
  { title: 'Finding', field: 'title', cellStyle: { minWidth: 160 } },
  {
    title: 'Evidence',
    field: 'evidence',
    sorting: false,
    cellStyle: { minWidth: 240 },
  },
  {
    title: 'Secret',
    field: 'secretName',
    render: finding =>
      finding.secretName ? <Identifier>{finding.secretName}</Identifier> : '–',
  },
  {
    title: 'Environment',
    field: 'environment',
    render: finding => (
      <SubvalueCell
        value={finding.environment}
        subvalue={`${finding.accountId} · ${finding.region}`}
      />
    ),
  },
];

const findingFilters: TableFilter[] = [
  { column: 'Severity', type: 'multiple-select' },
  { column: 'Finding', type: 'multiple-select' },
  { column: 'Environment', type: 'select' },
];

const findingId = (finding: Finding) => finding.id;

/** The component's findings, most severe first; sortable, filterable, paged. */
function ComponentFindingsTable(props: { findings: Finding[] }) {
  if (props.findings.length === 0) {
    return <Typography variant="body2">No findings.</Typography>;
  }
  return (
    <OpsTable
      label="Findings"
      columns={findingColumns}
      data={props.findings}
      rowId={findingId}
      filters={findingFilters}
    />
  );
}

function IrsaRolePanel(props: { role?: IrsaRoleSummary }) {
  const { role } = props;
  if (!role) {
    return <Typography variant="body2">IAM could not be read.</Typography>;
  }
  if (!role.found) {
    return (
      <Typography variant="body2">
        No IAM role named <code>{role.roleName}</code> in this account.
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="subtitle2">
        IRSA role <code>{role.roleArn}</code>
      </Typography>
      <Typography variant="body2" component="div">
        May be assumed by:
        <ul>
          {role.trust.map((t, i) => (
            <li key={i}>
              {t.serviceAccounts.length
                ? t.serviceAccounts
                    .map(sa => `service account ${sa.namespace}/${sa.name}`)
                    .join(', ')
                : t.principals.join(', ')}
              {t.oidcProviders.length
                ? ` through ${t.oidcProviders.join(', ')}`
                : ''}
              {t.effect === 'Deny' ? ' (denied)' : ''}
            </li>
          ))}
        </ul>
        Policies:
        <ul>
          {role.policies.map(p => (
            <li key={`${p.kind}:${p.name}`}>
              <strong>{p.name}</strong> ({p.kind})
              <ul>
                {p.grants.map((g, i) => (
                  <li key={i}>{grantText(g)}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </Typography>
    </Box>
  );
}

function EnvironmentCard(props: { environment: AccessAuditEnvironment }) {
  const { environment } = props;
  return (
    <InfoCard
      title={environment.name}
      subheader={`${environment.accountId} / ${environment.region}`}
    >
      <SecretsTable secrets={environment.secrets} />
      <Box mt={2}>
        <IrsaRolePanel role={environment.irsaRole} />
      </Box>
    </InfoCard>
  );
}

/** The Access tab: the component's secrets (never values), who can reach them, findings. */
export function AccessContent() {
  const { entity } = useEntity();
  const api = useApi(accessAuditApiRef);
  const entityRef = getCompoundEntityRef(entity);
  const { value, error, loading } = useAsyncRetry(
    () => api.getEntityAudit(entityRef),
    [api, entityRef.kind, entityRef.namespace, entityRef.name],
  );
  if (!value) {
    return error ? <ResponseErrorPanel error={error} /> : <Progress />;
  }
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <DemoDataBanner source={value.source} />
        <Box display="flex" justifyContent="space-between" mt={1}>
          <span>
            Secrets named <code>{value.secretsPrefix}*</code>, IRSA role{' '}
            <code>{value.iamRoleName}</code>. Values are never read.
          </span>
          <UpdatedAgo
            fetchedAt={value.fetchedAt}
            refreshing={loading}
            stale={value.stale}
          />
        </Box>
      </Grid>
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <ErrorsPanel errors={value.errors} />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title={`Findings (${value.findings.length})`}>
          <ComponentFindingsTable findings={value.findings} />
        </InfoCard>
      </Grid>
      {value.environments.map(environment => (
        <Grid item xs={12} key={environment.name}>
          <EnvironmentCard environment={environment} />
        </Grid>
      ))}
    </Grid>
  );
}
