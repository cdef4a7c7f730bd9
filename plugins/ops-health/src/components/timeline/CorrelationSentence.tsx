import { Link } from '@backstage/core-components';
import { TimelineCorrelation } from '@internal/backstage-plugin-ops-health-common';
import Typography from '@material-ui/core/Typography';
import { nameOf } from './format';

/**
 * One correlation said plainly ("checkout-service-prod-latency fired 4 min
 * after checkout-service 4.9.1 started rolling out in prod"), with links to
 * the alarm and to the rollout, and, where given, to the component's timeline.
 */
export function CorrelationSentence(props: {
  correlation: TimelineCorrelation;
  /** The component's timeline tab, for places outside it (the overview row). */
  timelinePath?: string;
  /** Correlations not shown next to this one (the overview shows the first). */
  more?: number;
  variant?: 'body2' | 'caption';
}) {
  const { correlation, timelinePath, more = 0 } = props;
  return (
    <Typography
      variant={props.variant ?? 'body2'}
      display="block"
      component="span"
      data-testid="correlation"
      data-alarm-event={correlation.alarmEventId}
      data-rollout-event={correlation.rolloutEventId}
    >
      <span data-testid="correlation-sentence">{correlation.sentence}</span>
      {' · '}
      <Link
        to={correlation.alarmLink}
        title={`${correlation.alarmName} in ${correlation.environment}`}
      >
        alarm
      </Link>
      {' · '}
      <Link
        to={correlation.rolloutLink}
        title={`Rollouts of ${nameOf(correlation.rolloutEntityRef)}`}
      >
        rollout
      </Link>
      {timelinePath && (
        <>
          {' · '}
          <Link
            to={timelinePath}
            title={`Timeline of ${nameOf(correlation.alarmEntityRef)}`}
          >
            {more > 0 ? `timeline (${more} more)` : 'timeline'}
          </Link>
        </>
      )}
    </Typography>
  );
}
