import { EmptyState } from '@backstage/core-components';
import {
  ANNOTATION_ALARM_NAMES,
  ANNOTATION_ALARM_PREFIX,
  ANNOTATION_ENVIRONMENTS,
} from '@internal/backstage-plugin-aws-ops-common';
import { EntityAlarmsResponse } from '@internal/backstage-plugin-cloudwatch-common';

/** Explains how alarms are linked to a component when none matched. */
export function EmptyAlarms(props: {
  linking: EntityAlarmsResponse['linking'];
}) {
  const { linking } = props;
  return (
    <EmptyState
      missing="field"
      title="No CloudWatch alarms linked to this component"
      description={
        <>
          Searched {linking.environments.join(', ') || 'no environment'} for
          alarms named <code>{linking.prefix}-…</code>
          {linking.names.length > 0 && (
            <>
              {' '}
              and <code>{linking.names.join(', ')}</code>
            </>
          )}
          . Name the component's alarms <code>&lt;prefix&gt;-…</code> (the
          prefix is <code>{ANNOTATION_ALARM_PREFIX}</code>, default the
          component's name), or list them in{' '}
          <code>{ANNOTATION_ALARM_NAMES}</code> (comma-separated names or alarm
          ARNs). <code>{ANNOTATION_ENVIRONMENTS}</code> chooses the environments
          searched (default every environment). See docs/annotations.md.
        </>
      }
    />
  );
}
