import Typography from '@material-ui/core/Typography';
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

/** The age of the data, ticking every second. */
export function UpdatedAgo(props: { fetchedAt: string; refreshing?: boolean }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="updated-ago"
    >
      updated {formatAge(props.fetchedAt, now)} ago
      {props.refreshing ? ' · refreshing…' : ''}
    </Typography>
  );
}
