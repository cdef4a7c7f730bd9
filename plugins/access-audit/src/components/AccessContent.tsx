import { getCompoundEntityRef } from '@backstage/catalog-model';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  AccessAuditEnvironment,
  IrsaRoleSummary,
  SecretMetadata,
} from '@internal/backstage-plugin-access-audit-common';
import {
  DemoDataBanner,
  ErrorsPanel,
  StatusChip,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { accessAuditApiRef } from '../api';
import { day, grantText, statementText } from './format';
import { FindingsTable } from './FindingsTable';

const KEY_MANAGER_LABEL: Record<SecretMetadata['kmsKeyManager'], string> = {
  CUSTOMER: 'customer managed',
  AWS: 'AWS managed',
  unknown: 'unknown',
};

function RotationCell(props: { secret: SecretMetadata }) {
  const { secret } = props;
  if (!secret.rotationEnabled) {
    return <StatusChip level="error" label="disabled" />;
  }
  return (
    <StatusChip
      level="ok"
      label={
        secret.rotationIntervalDays
          ? `every ${secret.rotationIntervalDays} d`
          : secret.rotationSchedule ?? 'enabled'
      }
    />
  );
}

function SecretsTable(props: { secrets: SecretMetadata[] }) {
  if (props.secrets.length === 0) {
    return (
      <Typography variant="body2">No secrets with this prefix here.</Typography>
    );
  }
  return (
    <Table size="small" aria-label="Secrets">
      <TableHead>
        <TableRow>
          <TableCell>Secret</TableCell>
          <TableCell>Rotation</TableCell>
          <TableCell>Last rotated</TableCell>
          <TableCell>Next rotation</TableCell>
          <TableCell>Last accessed</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>KMS key</TableCell>
          <TableCell>Resource policy</TableCell>
          <TableCell>Who can read it</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.secrets.map(secret => (
          <TableRow key={secret.arn}>
            <TableCell>
              <code title={secret.arn}>{secret.name}</code>
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
            </TableCell>
            <TableCell>
              <RotationCell secret={secret} />
            </TableCell>
            <TableCell>{day(secret.lastRotatedAt)}</TableCell>
            <TableCell>{day(secret.nextRotationAt)}</TableCell>
            <TableCell>{day(secret.lastAccessedAt)}</TableCell>
            <TableCell>{day(secret.createdAt)}</TableCell>
            <TableCell title={secret.kmsKeyId ?? 'aws/secretsmanager'}>
              <StatusChip
                level={secret.kmsKeyManager === 'CUSTOMER' ? 'ok' : 'warning'}
                label={KEY_MANAGER_LABEL[secret.kmsKeyManager]}
              />
            </TableCell>
            <TableCell>
              {secret.resourcePolicy
                ? secret.resourcePolicy.map((s, i) => (
                    <Typography key={i} variant="caption" display="block">
                      {statementText(s)}
                    </Typography>
                  ))
                : 'none'}
            </TableCell>
            <TableCell>
              {secret.readers.map(reader => (
                <Typography
                  key={reader.roleArn}
                  variant="caption"
                  display="block"
                  title={`${reader.actions.join(
                    ', ',
                  )} via ${reader.grantedBy.join(', ')}`}
                >
                  {reader.roleName}
                  {reader.ownRole ? ' (own role)' : ''}
                  {reader.actions.some(a => !a.endsWith('DescribeSecret'))
                    ? ''
                    : ' (metadata only)'}
                  {reader.wildcard ? ' · wildcard' : ''}
                  {reader.conditional ? ' · conditional' : ''}
                </Typography>
              ))}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
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
          <UpdatedAgo fetchedAt={value.fetchedAt} refreshing={loading} />
        </Box>
      </Grid>
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <ErrorsPanel errors={value.errors} />
        </Grid>
      )}
      <Grid item xs={12}>
        <InfoCard title={`Findings (${value.findings.length})`}>
          <FindingsTable findings={value.findings} />
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
