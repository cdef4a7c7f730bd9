import {
  Link,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { formatAge } from '@internal/backstage-plugin-aws-ops-react';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import {
  ScorecardCheckResult,
  ScorecardError,
  ScorecardLevel,
  ScorecardCheckSummary,
  ServiceScorecardSummary,
} from '@internal/backstage-plugin-scorecards-common';
import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** Card titles are headings (MUI renders them as a span), for screen readers and tests. */
export const HEADING = { component: 'h2' } as const;

/** The permission the store-wide view and its CSV export need. */
export const STORE_PERMISSION_NAME = 'scorecards.store.read';

/** A refused read: the backend answered 403. */
export function isNotAllowed(error: unknown): boolean {
  const e = error as
    | { statusCode?: number; response?: { status?: number }; name?: string }
    | undefined;
  return (
    e?.statusCode === 403 ||
    e?.response?.status === 403 ||
    e?.name === 'NotAllowedError'
  );
}

/** Not a scored service: the backend answered 404. */
export function isNotFound(error: unknown): boolean {
  const e = error as
    | { statusCode?: number; response?: { status?: number } }
    | undefined;
  return e?.statusCode === 404 || e?.response?.status === 404;
}

/** What a load returned, and whether a later reload failed on top of it. */
export interface KeptAsync<T> {
  value?: T;
  /** The first load failed: nothing to show. */
  error?: Error;
  /** A reload failed: `value` is the last data that loaded. */
  reloadError?: Error;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads once per `deps`, and again on `reload()`. A reload that fails keeps
 * the last data and reports its error next to it instead of replacing it.
 */
export function useKeptAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): KeptAsync<T> {
  const [state, setState] = useState<Omit<KeptAsync<T>, 'reload'>>({
    loading: true,
  });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load, deps);

  useEffect(() => {
    const call = ++latest.current;
    setState(previous => ({ ...previous, loading: true }));
    run().then(
      value => {
        if (call === latest.current) setState({ value, loading: false });
      },
      (error: Error) => {
        if (call !== latest.current) return;
        setState(previous =>
          previous.value === undefined
            ? { error, loading: false }
            : { value: previous.value, reloadError: error, loading: false },
        );
      },
    );
  }, [run, attempt]);

  const reload = useCallback(() => setAttempt(n => n + 1), []);
  return { ...state, reload };
}

const METAL_COLOURS: Record<string, string> = {
  bronze: '#a0602c',
  silver: '#6b7280',
  gold: '#a07800',
  platinum: '#3f6f8f',
};

/** The title of a level id, or the id itself when the levels do not name it. */
export function levelTitle(levels: ScorecardLevel[], id: string): string {
  return levels.find(level => level.id === id)?.title ?? id;
}

/** The level a service reached, as a chip; "No level" below the first one. */
export function LevelChip(props: {
  level: string | null;
  levels: ScorecardLevel[];
  size?: 'small' | 'medium';
}) {
  const { level, levels } = props;
  if (level === null) {
    return (
      <Chip
        size={props.size ?? 'small'}
        variant="outlined"
        label="No level"
        title={
          levels[0]
            ? `Below ${levels[0].title}: not every ${levels[0].title} check passed`
            : undefined
        }
        data-testid="level-chip"
        data-level="none"
      />
    );
  }
  const colour = METAL_COLOURS[level.toLocaleLowerCase('en-US')];
  return (
    <Chip
      size={props.size ?? 'small'}
      label={levelTitle(levels, level)}
      title={levels.find(l => l.id === level)?.description}
      style={colour ? { backgroundColor: colour, color: '#ffffff' } : undefined}
      color={colour ? undefined : 'primary'}
      data-testid="level-chip"
      data-level={level}
    />
  );
}

/** A check's outcome: a Backstage status icon and the word. */
export function OutcomeStatus(props: { check: ScorecardCheckResult }) {
  const { outcome, unknownReason } = props.check;
  const label = <span data-testid="check-outcome">{outcome}</span>;
  if (outcome === 'passed') return <StatusOK>{label}</StatusOK>;
  if (outcome === 'failed') return <StatusError>{label}</StatusError>;
  // unknown: facts that could not be read warn; facts not read yet wait
  return unknownReason && /could not be read/.test(unknownReason) ? (
    <StatusWarning>{label}</StatusWarning>
  ) : (
    <StatusPending>{label}</StatusPending>
  );
}

/** What an unknown check says about its missing facts. */
export function unknownText(check: ScorecardCheckResult): string {
  return check.unknownReason ?? 'the facts have not been read yet';
}

/** The names of the checks that keep a service from its next level. */
export function blockingChecks(
  scorecard: ServiceScorecardSummary,
): ScorecardCheckSummary[] {
  const ids = scorecard.next?.blocking ?? [];
  return ids.map(
    id =>
      scorecard.checks.find(check => check.id === id) ?? {
        id,
        name: id,
        level: scorecard.next?.level ?? '',
        source: '',
        outcome: 'unknown',
      },
  );
}

/** "Silver: blocked by Has HPA (failed), Has PDB (unknown)"; "Top level reached" when there is none. */
export function NextLevel(props: {
  scorecard: ServiceScorecardSummary;
  levels: ScorecardLevel[];
  compact?: boolean;
}) {
  const { scorecard, levels } = props;
  if (!scorecard.next) {
    return (
      <Typography variant="body2" data-testid="next-level">
        Top level reached
      </Typography>
    );
  }
  const blocking = blockingChecks(scorecard);
  return (
    <div data-testid="next-level" data-next-level={scorecard.next.level}>
      <Typography variant="body2" component="span">
        {props.compact ? '' : 'Next level: '}
        <strong>{levelTitle(levels, scorecard.next.level)}</strong>
        {blocking.length
          ? `, blocked by ${blocking.length} check${
              blocking.length === 1 ? '' : 's'
            }:`
          : ''}
      </Typography>
      {blocking.length > 0 && (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {blocking.map(check => (
            <li
              key={check.id}
              data-testid="blocking-check"
              data-check-id={check.id}
            >
              <Typography variant="body2" component="span">
                {check.name}{' '}
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="span"
                >
                  ({check.outcome})
                </Typography>
              </Typography>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Services that could not be scored, shown next to those that were. */
export function ScorecardErrors(props: { errors: ScorecardError[] }) {
  if (props.errors.length === 0) return null;
  return (
    <Alert severity="warning" data-testid="scorecard-errors">
      <AlertTitle>
        {props.errors.length === 1
          ? 'One service could not be scored'
          : `${props.errors.length} services could not be scored`}
      </AlertTitle>
      <ul style={{ margin: 0, paddingLeft: 16 }}>
        {props.errors.map((error, index) => (
          <li key={`${error.entityRef ?? error.name}-${index}`}>
            <strong>{error.entityRef ?? error.name}</strong>: {error.message}
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** "Reload failed; showing the last data", above data that is kept. */
export function ReloadFailed(props: { error?: Error }) {
  if (!props.error) return null;
  return (
    <Alert severity="warning" data-testid="reload-failed">
      Reload failed; showing the last data ({props.error.message})
    </Alert>
  );
}

/** A portal path or a console URL; core-components' Link opens both. */
export function FixLinks(props: { check: ScorecardCheckResult }) {
  if (props.check.links.length === 0) return null;
  return (
    <Typography variant="body2" component="div" data-testid="fix-links">
      Fix it:{' '}
      {props.check.links.map((link, index) => (
        <span key={`${link.url}-${index}`}>
          {index > 0 ? ' · ' : ''}
          <Link to={link.url}>{link.title}</Link>
        </span>
      ))}
    </Typography>
  );
}

/** A fact value as stored: lists joined, absent said plainly. */
export function formatFact(value: unknown): string {
  if (value === undefined || value === null) return 'not read';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** "2 Dec 2026, 08:00 (3 h ago)" in the viewer's time zone. */
export function formatReadAt(iso: string, now: number = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const absolute = new Date(time).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return `${absolute} (${formatAge(iso, now)} ago)`;
}
