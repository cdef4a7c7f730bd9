import { AwsOpsSource } from '@internal/backstage-plugin-aws-ops-common';
import Alert from '@material-ui/lab/Alert';

/** Says plainly that the data is simulated when the demo source produced it. */
export function DemoDataBanner(props: { source: AwsOpsSource }) {
  if (props.source !== 'demo') {
    return null;
  }
  return (
    <Alert severity="info" data-testid="demo-data-banner">
      Demo data: simulated from the store's own manifests, not read from AWS.
      Set <code>awsOps.source: aws</code> in app-config to show live data.
    </Alert>
  );
}
