import { makeStyles } from '@material-ui/core';
import { LogoIcon } from './LogoIcon';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.25),
    whiteSpace: 'nowrap',
  },
  name: {
    color: theme.palette.common.white,
    fontSize: 22,
    fontWeight: 700,
    letterSpacing: '-0.01em',
    lineHeight: 1,
  },
}));

/** The mark and the portal's name, for the open sidebar. */
export const LogoFull = (props: { name: string }) => {
  const classes = useStyles();

  return (
    <span className={classes.root}>
      <LogoIcon />
      <span className={classes.name}>{props.name}</span>
    </span>
  );
};
