import Typography from '@material-ui/core/Typography';
import { AwsOpsStale } from '@internal/backstage-plugin-aws-ops-common';
import { useEffect, useState } from 'react';

/** "5 s", "3 min", "2 h", "4 d": the time since `iso`. */
export function formatAge(
  iso: string | undefined,
  now: number = Date.now(),
): string {
  if (!iso) return '-';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h`;
  return `${Math.floor(seconds / 86400)} d`;
}

/**
 * The age of the data, ticking every second. Stale data (served past its
 * cache lifetime while a refresh runs or after one failed) says so, with the
 * age of the data and the refresh error, so nobody mistakes it for current.
 */
export function UpdatedAgo(props: {
  fetchedAt: string;
  refreshing?: boolean;
  stale?: AwsOpsStale;
}) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const { stale } = props;
  return (
    <Typography
      variant="caption"
      color={stale ? 'error' : 'textSecondary'}
      data-testid="updated-ago"
    >
      {stale ? (
        <span data-testid="stale-marker">
          stale: last good data from {formatAge(stale.since, now)} ago
          {stale.refreshError
            ? `; refresh failed: ${stale.refreshError.message}`
            : '; refreshing'}
        </span>
      ) : (
        <>updated {formatAge(props.fetchedAt, now)} ago</>
      )}
      {props.refreshing ? ' · refreshing…' : ''}
    </Typography>
  );
}
