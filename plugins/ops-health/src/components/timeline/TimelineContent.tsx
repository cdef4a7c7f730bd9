import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import {
  DemoDataBanner,
  ErrorsPanel,
  OpsTable,
  OpsTableColumn,
  StatusChip,
  UpdatedAgo,
  formatAge,
} from '@internal/backstage-plugin-aws-ops-react';
import {
  EntityTimelineResponse,
  TIMELINE_WINDOWS,
  TimelineEvent,
  TimelineEventKind,
  TimelineWindow,
} from '@internal/backstage-plugin-ops-health-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { entityPath } from '../levels';
import { Select } from '../Select';
import { CorrelationSentence } from './CorrelationSentence';
import {
  formatDuration,
  formatTime,
  isPortalPath,
  KIND_LABELS,
  nameOf,
  newestFirst,
  SIGNAL_LABELS,
  statusLevel,
} from './format';
import { useEntityTimeline } from './useEntityTimeline';

export const DEFAULT_TIMELINE_WINDOW: TimelineWindow = '6h';
const PAGE_SIZE = 50;
const KIND_ORDER = Object.keys(KIND_LABELS);

function isWindow(value: string | null): value is TimelineWindow {
  return TIMELINE_WINDOWS.includes(value as TimelineWindow);
}

/** A denied timeline says so plainly; any other failure shows the error panel. */
function LoadError(props: { error: Error; title?: string }) {
  const { error, title } = props;
  if (error instanceof ResponseError && error.statusCode === 403) {
    return (
      <Alert severity="info" data-testid="timeline-not-allowed">
        You may not see this component's timeline.
      </Alert>
    );
  }
  return <ResponseErrorPanel error={error} title={title} />;
}

/** "the alarms and the WAF events", for the sentence on denied sources. */
function listOf(words: string[]): string {
  const the = words.map(word => `the ${word}`);
  return the.length > 1
    ? `${the.slice(0, -1).join(', ')} and ${the[the.length - 1]}`
    : the[0];
}

function When({ event }: { event: TimelineEvent }) {
  const lasted = formatDuration(event.at, event.endAt);
  return (
    <div
      data-testid="timeline-event"
      data-event-id={event.id}
      data-kind={event.kind}
    >
      <Typography variant="body2" noWrap title={event.at}>
        {formatTime(event.at)}
      </Typography>
      <Typography variant="caption" color="textSecondary" noWrap>
        {formatAge(event.at)} ago{lasted ? ` · lasted ${lasted}` : ''}
      </Typography>
    </div>
  );
}

function eventColumns(
  value: EntityTimelineResponse,
  correlated: Map<string, string>,
): OpsTableColumn<TimelineEvent>[] {
  const viewed = nameOf(value.entityRef);
  return [
    {
      title: 'When',
      sorting: false,
      render: event => <When event={event} />,
    },
    {
      title: 'Kind',
      sorting: false,
      cellStyle: { whiteSpace: 'nowrap' },
      render: event => KIND_LABELS[event.kind] ?? event.kind,
    },
    {
      title: 'Component',
      sorting: false,
      render: event => (
        <>
          <Link to={entityPath(event.entityRef)}>
            {nameOf(event.entityRef)}
          </Link>
          {event.entityRef !== value.entityRef && (
            <Box mt={0.5}>
              <Chip
                size="small"
                variant="outlined"
                label="dependency"
                title={`${viewed} depends on it`}
                data-testid="dependency-marker"
              />
            </Box>
          )}
        </>
      ),
    },
    {
      title: 'Environment',
      sorting: false,
      render: event => event.environment ?? '–',
    },
    {
      title: 'What',
      sorting: false,
      render: event => (
        <>
          <Typography variant="body2">{event.title}</Typography>
          {correlated.has(event.id) && (
            <Chip
              size="small"
              color="secondary"
              variant="outlined"
              label="correlated"
              title={correlated.get(event.id)}
              data-testid="correlated-marker"
            />
          )}
        </>
      ),
    },
    {
      title: 'Status',
      sorting: false,
      render: event =>
        event.status ? (
          <StatusChip level={statusLevel(event.status)} label={event.status} />
        ) : (
          '–'
        ),
    },
    {
      title: 'Detail',
      sorting: false,
      render: event => (
        <Typography variant="caption" display="block">
          {event.detail ?? ''}
        </Typography>
      ),
    },
    {
      title: 'Link',
      sorting: false,
      cellStyle: { whiteSpace: 'nowrap' },
      render: event =>
        event.link ? (
          <Link to={event.link}>
            {isPortalPath(event.link) ? 'open' : 'AWS console'}
          </Link>
        ) : (
          ''
        ),
    },
  ];
}

const eventId = (event: TimelineEvent) => event.id;

/** Correlations shown before "Show all": the newest alarms, with the events in view below. */
const FIRST_CORRELATIONS = 5;

function Correlations({ value }: { value: EntityTimelineResponse }) {
  const [showAll, setShowAll] = useState(false);
  const at = new Map(value.events.map(event => [event.id, event.at]));
  const total = value.correlations.length;
  const shown = showAll
    ? value.correlations
    : value.correlations.slice(0, FIRST_CORRELATIONS);
  return (
    <InfoCard
      title="Alarms that fired after a rollout"
      subheader={`An alarm of ${nameOf(
        value.entityRef,
      )} that went to ALARM at most ${
        value.correlationWindowMinutes
      } min after a rollout of it, or of a component it depends on, started in the same environment.`}
    >
      {value.correlations.length === 0 ? (
        <Typography variant="body2" data-testid="no-correlations">
          No alarm fired within {value.correlationWindowMinutes} min after a
          rollout in the last {value.window}.
        </Typography>
      ) : (
        <List dense disablePadding data-testid="correlations">
          {shown.map(correlation => {
            const firedAt = at.get(correlation.alarmEventId);
            return (
              <ListItem
                key={`${correlation.alarmEventId} ${correlation.rolloutEventId}`}
                disableGutters
              >
                <div>
                  <CorrelationSentence correlation={correlation} />
                  {firedAt && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      title={firedAt}
                    >
                      fired {formatTime(firedAt)} ({formatAge(firedAt)} ago)
                    </Typography>
                  )}
                </div>
              </ListItem>
            );
          })}
        </List>
      )}
      {total > FIRST_CORRELATIONS && (
        <Button size="small" onClick={() => setShowAll(!showAll)}>
          {showAll ? 'Show the newest only' : `Show all ${total}`}
        </Button>
      )}
    </InfoCard>
  );
}

/**
 * The Timeline tab: what changed for a component and what it depends on
 * (rollouts, alarm state changes, WAF spikes, catalog and EKS version
 * changes) on one time axis, newest first, under the alarms that fired
 * after a rollout.
 */
export function TimelineContent() {
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('window');
  const window = isWindow(requested) ? requested : DEFAULT_TIMELINE_WINDOW;
  const kind = searchParams.get('kind') ?? '';
  const environment = searchParams.get('env') ?? '';
  const setParam = (name: string, next: string) => {
    const params = new URLSearchParams(searchParams);
    if (next) params.set(name, next);
    else params.delete(name);
    setSearchParams(params, { replace: true });
  };
  const { value, error, loading } = useEntityTimeline(window);

  const correlated = useMemo(() => {
    const byEvent = new Map<string, string>();
    for (const c of value?.correlations ?? []) {
      byEvent.set(c.alarmEventId, c.sentence);
      byEvent.set(c.rolloutEventId, c.sentence);
    }
    return byEvent;
  }, [value]);
  const columns = useMemo(
    () => (value ? eventColumns(value, correlated) : []),
    [value, correlated],
  );
  const events = useMemo(() => newestFirst(value?.events ?? []), [value]);

  if (!value) {
    return error ? <LoadError error={error} /> : <Progress />;
  }
  // What the events have, and what the URL asks for even when none has it.
  const kinds = [...new Set([...events.map(e => e.kind as string), kind])]
    .filter(Boolean)
    .sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b))
    .map(k => ({ value: k, label: KIND_LABELS[k as TimelineEventKind] ?? k }));
  const environments = [
    ...new Set([...events.map(e => e.environment ?? ''), environment]),
  ]
    .filter(Boolean)
    .sort()
    .map(env => ({ value: env, label: env }));
  const shown = events.filter(
    e =>
      (!kind || e.kind === kind) &&
      (!environment || e.environment === environment),
  );
  const dependencies = value.dependencies.map(nameOf);

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
          <Box display="flex" alignItems="center" style={{ gap: 16 }}>
            <ToggleButtonGroup
              size="small"
              exclusive
              value={window}
              onChange={(_, next) => next && setParam('window', next)}
              aria-label="timeline window"
            >
              {TIMELINE_WINDOWS.map(option => (
                <ToggleButton key={option} value={option} aria-label={option}>
                  {option}
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
            <Select
              label="Kind"
              value={kind}
              options={kinds}
              onChange={next => setParam('kind', next)}
            />
            <Select
              label="Environment"
              value={environment}
              options={environments}
              onChange={next => setParam('env', next)}
            />
          </Box>
          <UpdatedAgo
            fetchedAt={value.fetchedAt}
            refreshing={loading}
            stale={value.stale}
          />
        </Box>
        {error && (
          <Box mt={1}>
            <LoadError
              error={error}
              title="Refresh failed; showing the last data"
            />
          </Box>
        )}
      </Grid>
      {value.denied.length > 0 && (
        <Grid item xs={12}>
          <Alert severity="info" data-testid="timeline-denied">
            You may not see{' '}
            {listOf(value.denied.map(signal => SIGNAL_LABELS[signal]))} of{' '}
            {nameOf(value.entityRef)}; the timeline shows the rest.
          </Alert>
        </Grid>
      )}
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <ErrorsPanel errors={value.errors} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Correlations value={value} />
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title="What changed"
          subheader={`Newest first, the last ${value.window}${
            dependencies.length
              ? `, with what ${nameOf(
                  value.entityRef,
                )} depends on: ${dependencies.join(', ')}`
              : ''
          }.`}
          noPadding
        >
          <OpsTable<TimelineEvent>
            label="Timeline"
            columns={columns}
            data={shown}
            rowId={eventId}
            pageSize={PAGE_SIZE}
            emptyContent={
              <Typography style={{ padding: 16 }}>
                {events.length
                  ? 'No change matches these filters.'
                  : `Nothing changed in the last ${value.window}.`}
              </Typography>
            }
          />
        </InfoCard>
      </Grid>
    </Grid>
  );
}
