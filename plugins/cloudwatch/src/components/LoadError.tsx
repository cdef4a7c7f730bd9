import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/** A denied read says so plainly; any other failure shows the error panel. */
export function LoadError(props: { error: Error; title?: string }) {
  const { error, title } = props;
  if (error instanceof ResponseError && error.statusCode === 403) {
    return (
      <Alert severity="info" data-testid="alarms-not-allowed">
        <AlertTitle>No access to this component's alarms</AlertTitle>
        {error.body.error.message}
      </Alert>
    );
  }
  return <ResponseErrorPanel error={error} title={title} />;
}
