import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

function describeScope(scope: AwsOpsErrorEntry['scope']): string {
  const parts = [
    scope.environment,
    scope.cluster,
    scope.accountId && `account ${scope.accountId}`,
    scope.region,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'request';
}

/**
 * Lists the parts of a response that failed (an account, a region, a
 * cluster) while the rest of the data is shown as usual.
 */
export function ErrorsPanel(props: { errors: AwsOpsErrorEntry[] }) {
  if (props.errors.length === 0) {
    return null;
  }
  return (
    <Alert severity="warning" role="alert">
      <AlertTitle>
        {props.errors.length === 1
          ? 'One part could not be loaded'
          : `${props.errors.length} parts could not be loaded`}
      </AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.errors.map((error, index) => (
          <li key={index}>
            <strong>{describeScope(error.scope)}</strong>: {error.name}:{' '}
            {error.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
