import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  DemoDataBanner,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import { WafTotals } from './WafTotals';
import { useWafEvents } from './useWafEvents';

/** Overview card: the last hour's WAF decisions and what blocked most. */
export function WafSummaryCard() {
  const { value, error } = useWafEvents('1h');
  let content;
  if (!value) {
    content = error ? <ResponseErrorPanel error={error} /> : <Progress />;
  } else {
    const topBlocking = value.topRules.find(rule => rule.blocked > 0);
    const topBlockedIp = value.topClientIps.find(ip => ip.blocked > 0);
    content = (
      <>
        <DemoDataBanner source={value.source} />
        <Box my={1}>
          <WafTotals value={value} />
        </Box>
        {topBlocking && (
          <Typography variant="body2">
            Web ACL's most blocking rule: <code>{topBlocking.ruleId}</code> (
            {topBlocking.blocked.toLocaleString('en-GB')})
          </Typography>
        )}
        {topBlockedIp && (
          <Typography variant="body2">
            Most blocked client (latest{' '}
            {value.sample.limit.toLocaleString('en-GB')} blocked requests):{' '}
            <code>{topBlockedIp.clientIp}</code> ({topBlockedIp.country},{' '}
            {topBlockedIp.blocked})
          </Typography>
        )}
        {value.errors.length > 0 && (
          <Typography variant="body2" color="error">
            {value.errors.length} part(s) could not be loaded; see the Security
            events tab.
          </Typography>
        )}
        <UpdatedAgo fetchedAt={value.fetchedAt} stale={value.stale} />
      </>
    );
  }
  return (
    <Box data-testid="waf-card">
      <InfoCard title="Security events, last hour">{content}</InfoCard>
    </Box>
  );
}
