import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 30,
    flexShrink: 0,
  },
});

/** The inbestment mark: three rising bars on the brand green. */
export const LogoIcon = () => {
  const classes = useStyles();

  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      aria-hidden="true"
    >
      <rect width="32" height="32" rx="7" fill="#3ddc97" />
      <rect x="7" y="17" width="4.5" height="8" rx="1.2" fill="#0f2a1e" />
      <rect x="13.75" y="12" width="4.5" height="13" rx="1.2" fill="#0f2a1e" />
      <rect x="20.5" y="7" width="4.5" height="18" rx="1.2" fill="#0f2a1e" />
    </svg>
  );
};
