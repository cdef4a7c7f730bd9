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
  RuleMetricsTable,
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
  const empty = totals.allowed + totals.blocked + totals.counted === 0;
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
          <UpdatedAgo fetchedAt={value.fetchedAt} refreshing={loading} />
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
      {value.skipped.limitReached && (
        <Grid item xs={12}>
          <Alert severity="warning">
            The log group holds more events than one read takes
            (awsOps.waf.maxEventsPerRead); older requests of the window are
            missing. Choose a shorter window.
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
              The web ACL logged no request to this component's host and path in
              this window. If that is unexpected, check the
              <code> aws-ops.io/waf-host</code> and{' '}
              <code>aws-ops.io/waf-path-prefix</code> annotations and that the
              web ACL logs to CloudWatch Logs.
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
                    ['rule', 'Blocked by rule'],
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
              <TopClientIpsTable clientIps={value.topClientIps} />
            </Section>
          </Grid>
          <Grid item xs={12} md={6}>
            <Section>
              <TopCountriesTable countries={value.topCountries} />
            </Section>
          </Grid>
          {value.ruleMetrics && value.ruleMetrics.length > 0 && (
            <Grid item xs={12} md={6}>
              <Section>
                <RuleMetricsTable metrics={value.ruleMetrics} />
              </Section>
            </Grid>
          )}
          <Grid item xs={12}>
            <Section>
              <RecentBlockedTable requests={value.recentBlocked} />
            </Section>
          </Grid>
        </>
      )}
    </Grid>
  );
}
