import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  DemoDataBanner,
  ErrorsPanel,
  UpdatedAgo,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  EntityWafEventsResponse,
  WafWindow,
  WAF_WINDOWS,
} from '@internal/backstage-plugin-waf-common';
import { ReactNode, useState } from 'react';
import {
  TopClientIpsTable,
  TopCountriesTable,
  TopRulesTable,
} from './RankingTables';
import { RecentBlockedTable } from './RecentBlockedTable';
import { WafTotals } from './WafTotals';
import { TimelineMode, WafTimeline } from './WafTimeline';
import { useWafEvents } from './useWafEvents';

function Section(props: { children: ReactNode }) {
  return (
    <Paper variant="outlined">
      <Box p={2}>{props.children}</Box>
    </Paper>
  );
}

const n = (value: number) => value.toLocaleString('en-GB');

/**
 * What the blocked-requests sample is: every truncation said in words
 * ("latest 1,000 blocked requests").
 */
export function sampleCaption(value: EntityWafEventsResponse): string {
  const { sample, webAcl } = value;
  const minutes = Math.round(sample.windowMs / 60_000);
  const refresh = Math.round(sample.refreshMs / 60_000);
  const matched =
    sample.matchedBy === 'label'
      ? "this component's (by its WAF label)"
      : "this component's (by host and path)";
  return `From the latest ${n(sample.limit)} blocked requests of web ACL ${
    webAcl.name
  } in the last ${minutes} min (CloudWatch Logs Insights, refreshed at most every ${refresh} min): ${n(
    sample.returned,
  )} returned, ${n(sample.matched)} ${matched}${
    sample.shown < sample.matched ? `, newest ${n(sample.shown)} shown` : ''
  }.`;
}

/** Which web ACL and which of its traffic the numbers are about. */
function Scope(props: { value: EntityWafEventsResponse }) {
  const { webAcl, filter } = props.value;
  return (
    <Typography variant="body2" component="div">
      Web ACL <code>{webAcl.name || 'none'}</code> ({webAcl.scope.toLowerCase()}
      {webAcl.locations.length > 0 &&
        `, ${webAcl.locations
          .map(l => `${l.environment} ${l.region}`)
          .join(', ')}`}
      ) · requests to <code>{filter.host ?? 'any host'}</code> under{' '}
      <code>{filter.pathPrefix}</code>
    </Typography>
  );
}

function Toggle<T extends string>(props: {
  label: string;
  value: T;
  options: Array<[T, string]>;
  onChange: (value: T) => void;
}) {
  return (
    <ToggleButtonGroup
      size="small"
      exclusive
      aria-label={props.label}
      value={props.value}
      onChange={(_, value) => value && props.onChange(value)}
    >
      {props.options.map(([value, label]) => (
        <ToggleButton key={value} value={value} aria-label={label}>
          {label}
        </ToggleButton>
      ))}
    </ToggleButtonGroup>
  );
}

/** The Security events tab: AWS WAF decisions on the component's traffic. */
export function WafEventsContent() {
  const [window, setWindow] = useState<WafWindow>('1h');
  const [mode, setMode] = useState<TimelineMode>('action');
  const { value, error, loading } = useWafEvents(window);
  const windowToggle = (
    <Toggle
      label="Window"
      value={window}
      options={WAF_WINDOWS.map(w => [w, w])}
      onChange={setWindow}
    />
  );
  if (!value || value.window !== window) {
    return (
      <>
        {windowToggle}
        {error ? <ResponseErrorPanel error={error} /> : <Progress />}
      </>
    );
  }
  const { totals } = value;
  const empty =
    totals.allowed +
      totals.blocked +
      totals.counted +
      totals.captcha +
      totals.challenge ===
      0 && value.recentBlocked.length === 0;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <DemoDataBanner source={value.source} />
        <Box
          display="flex"
          justifyContent="space-between"
          alignItems="center"
          flexWrap="wrap"
          mt={1}
          style={{ gap: 8 }}
        >
          {windowToggle}
          <Scope value={value} />
          <UpdatedAgo
            fetchedAt={value.fetchedAt}
            refreshing={loading}
            stale={value.stale}
          />
        </Box>
        {error && (
          <ResponseErrorPanel
            error={error}
            title="Refresh failed; showing the last data"
          />
        )}
      </Grid>
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <ErrorsPanel errors={value.errors} />
        </Grid>
      )}
      {value.sample.limitReached && (
        <Grid item xs={12}>
          <Alert severity="warning" data-testid="waf-sample-limit">
            Only the latest {n(value.sample.limit)} blocked requests of web ACL{' '}
            {value.webAcl.name} in the last{' '}
            {Math.round(value.sample.windowMs / 60_000)} min were read; older
            blocked requests of that time are not in the recent blocked
            requests, client IPs and countries below. Counts and charts come
            from the metrics and are complete.
          </Alert>
        </Grid>
      )}
      {empty ? (
        <Grid item xs={12}>
          <Section>
            <Typography variant="h6">
              No requests in the last {window}
            </Typography>
            <Typography variant="body2">
              The AWS/WAFV2 metrics show no request for this component in this
              window. If that is unexpected, check that the web ACL has the
              component label rule (docs/waf.md) and the
              <code> aws-ops.io/waf-host</code> and{' '}
              <code>aws-ops.io/waf-path-prefix</code> annotations it matches.
            </Typography>
          </Section>
        </Grid>
      ) : (
        <>
          <Grid item xs={12}>
            <Section>
              <Box
                display="flex"
                justifyContent="space-between"
                alignItems="center"
                mb={1}
              >
                <WafTotals value={value} />
                <Toggle
                  label="Chart"
                  value={mode}
                  options={[
                    ['action', 'By action'],
                    ['rule', 'Web ACL blocks by rule'],
                  ]}
                  onChange={setMode}
                />
              </Box>
              <WafTimeline series={value.series} window={window} mode={mode} />
            </Section>
          </Grid>
          <Grid item xs={12} md={6}>
            <Section>
              <TopRulesTable rules={value.topRules} />
            </Section>
          </Grid>
          <Grid item xs={12} md={6}>
            <Section>
              <TopClientIpsTable
                clientIps={value.topClientIps}
                caption={sampleCaption(value)}
              />
            </Section>
          </Grid>
          <Grid item xs={12} md={6}>
            <Section>
              <TopCountriesTable
                countries={value.topCountries}
                caption={sampleCaption(value)}
              />
            </Section>
          </Grid>
          <Grid item xs={12}>
            <Section>
              <RecentBlockedTable
                requests={value.recentBlocked}
                caption={sampleCaption(value)}
              />
            </Section>
          </Grid>
        </>
      )}
    </Grid>
  );
}
