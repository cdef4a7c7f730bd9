import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';

/** How good a state is; the colour follows from it. */
export type StatusLevel = 'ok' | 'warning' | 'error' | 'pending' | 'neutral';

const useStyles = makeStyles(theme => ({
  ok: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  warning: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  error: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  pending: {
    backgroundColor: theme.palette.info.main,
    color: theme.palette.info.contrastText,
  },
  neutral: {},
}));

/** A small coloured label for a state such as a rollout or a pod status. */
export function StatusChip(props: {
  level: StatusLevel;
  label: string;
  title?: string;
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.label}
      title={props.title}
      className={classes[props.level]}
      data-status={props.level}
    />
  );
}
