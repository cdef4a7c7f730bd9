import {
  Avatar,
  Link,
  sidebarConfig,
  useSidebarOpenState,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { makeStyles } from '@material-ui/core';
import { roleLabels, usePortalUser } from '../portalUser';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    minHeight: 56,
    padding: theme.spacing(1, 0, 1, 2.5),
    color: theme.palette.navigation.color,
    '&:hover': {
      background: theme.palette.navigation.navItem?.hoverBackground,
    },
  },
  open: { width: sidebarConfig.drawerWidthOpen },
  closed: {
    width: sidebarConfig.drawerWidthClosed,
    justifyContent: 'center',
    padding: theme.spacing(1, 0),
  },
  avatar: {
    width: 32,
    height: 32,
    flexShrink: 0,
  },
  avatarText: { fontSize: 13 },
  text: { minWidth: 0 },
  name: {
    display: 'block',
    color: theme.palette.navigation.selectedColor,
    fontWeight: 'bold',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  detail: {
    display: 'block',
    fontSize: theme.typography.caption.fontSize,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
}));

/**
 * Who is signed in, at the foot of the sidebar: their picture or initials, name,
 * teams and role; it opens their own catalog page (groups, what they own).
 */
export const SidebarUser = () => {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  const { value: user } = usePortalUser();
  const entityRoute = useRouteRef(entityRouteRef);
  if (!user) {
    return null;
  }

  const teams = user.teams.map(team => team.title);
  const role = user.roles.find(r => r !== 'developer') ?? user.roles[0];
  const detail = [...teams, role && roleLabels[role]]
    .filter(Boolean)
    .join(' · ');

  return (
    <Link
      to={entityRoute(entityRouteParams(user.userEntityRef))}
      underline="none"
      className={`${classes.root} ${isOpen ? classes.open : classes.closed}`}
      aria-label={isOpen ? undefined : `Signed in as ${user.displayName}`}
      data-testid="sidebar-user"
    >
      <Avatar
        displayName={user.displayName}
        picture={user.picture}
        classes={{ avatar: classes.avatar, avatarText: classes.avatarText }}
      />
      {isOpen && (
        <span className={classes.text}>
          <span className={classes.name}>{user.displayName}</span>
          {detail && <span className={classes.detail}>{detail}</span>}
        </span>
      )}
    </Link>
  );
};
