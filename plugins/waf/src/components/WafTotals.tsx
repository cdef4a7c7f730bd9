import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import { EntityWafEventsResponse } from '@internal/backstage-plugin-waf-common';

/** Allowed / blocked / counted chips, and the malformed log lines skipped. */
export function WafTotals(props: { value: EntityWafEventsResponse }) {
  const { totals, skipped } = props.value;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <StatusChip level="ok" label={`${totals.allowed} allowed`} />
      <StatusChip
        level={totals.blocked ? 'error' : 'neutral'}
        label={`${totals.blocked} blocked`}
      />
      <StatusChip
        level={totals.counted ? 'warning' : 'neutral'}
        label={`${totals.counted} counted`}
      />
      {skipped.malformed > 0 && (
        <Typography variant="caption" color="textSecondary">
          {skipped.malformed} malformed log line
          {skipped.malformed === 1 ? '' : 's'} of the web ACL's logs skipped
        </Typography>
      )}
    </Box>
  );
}
