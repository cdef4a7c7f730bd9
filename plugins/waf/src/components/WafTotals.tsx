import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { StatusChip } from '@internal/backstage-plugin-aws-ops-react';
import { EntityWafEventsResponse } from '@internal/backstage-plugin-waf-common';

const format = (n: number) => Math.round(n).toLocaleString('en-GB');

/** Allowed / blocked / counted (and CAPTCHA / challenge) chips, and whose counts they are. */
export function WafTotals(props: { value: EntityWafEventsResponse }) {
  const { totals, counts } = props.value;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <StatusChip level="ok" label={`${format(totals.allowed)} allowed`} />
      <StatusChip
        level={totals.blocked ? 'error' : 'neutral'}
        label={`${format(totals.blocked)} blocked`}
      />
      <StatusChip
        level={totals.counted ? 'warning' : 'neutral'}
        label={`${format(totals.counted)} counted`}
      />
      {totals.captcha > 0 && (
        <StatusChip
          level="warning"
          label={`${format(totals.captcha)} CAPTCHA`}
        />
      )}
      {totals.challenge > 0 && (
        <StatusChip
          level="warning"
          label={`${format(totals.challenge)} challenge`}
        />
      )}
      <Typography
        variant="caption"
        color={counts.scope === 'component' ? 'textSecondary' : 'error'}
        data-testid="waf-counts-scope"
      >
        {counts.scope === 'component' ? (
          <>
            AWS/WAFV2 metrics of the label <code>{counts.label}</code>
          </>
        ) : (
          <>
            Whole web ACL: no rule adds the label <code>{counts.label}</code>
          </>
        )}
      </Typography>
    </Box>
  );
}
