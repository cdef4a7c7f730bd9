import { ReactNode } from 'react';
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AccessAuditNavGate } from '@internal/backstage-plugin-access-audit';
import { ScorecardsNavGate } from '@internal/backstage-plugin-scorecards';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import AddCircleOutlineIcon from '@material-ui/icons/AddCircleOutline';
import AssessmentIcon from '@material-ui/icons/Assessment';
import CategoryIcon from '@material-ui/icons/Category';
import ExtensionIcon from '@material-ui/icons/Extension';
import GroupIcon from '@material-ui/icons/Group';
import LibraryBooksIcon from '@material-ui/icons/LibraryBooks';
import LocalHospitalIcon from '@material-ui/icons/LocalHospital';
import SecurityIcon from '@material-ui/icons/Security';
import StorageIcon from '@material-ui/icons/Storage';
import { PortalUser, Role, usePortalUser } from '../portalUser';

type Tool = {
  key: string;
  title: string;
  description: string;
  to: string;
  icon: ReactNode;
  /** Shown only when the user may open it. */
  gate?: (tile: ReactNode) => ReactNode;
};

const MAX_TOOLS = 4;

const catalogOf = (filters: Record<string, string>) =>
  `/catalog?${new URLSearchParams(
    Object.entries(filters).map(([k, v]) => [`filters[${k}]`, v]),
  )}`;

/** Each role's own tools, its most used first. */
function toolsOf(
  role: Role | 'none',
  user: PortalUser,
  entityPath: (ref: string) => string,
): Tool[] {
  const teamTools: Tool[] = user.teams.map(team => ({
    key: team.ref,
    title: team.title,
    description: 'What your team owns, its on-call channel and members',
    to: entityPath(team.ref),
    icon: <GroupIcon />,
  }));
  const accessAudit: Tool = {
    key: 'access-audit',
    title: 'Access audit',
    description:
      'Secrets of every component, who can read them, findings to export',
    to: '/access-audit',
    icon: <SecurityIcon />,
    gate: tile => <AccessAuditNavGate>{tile}</AccessAuditNavGate>,
  };
  const scorecards: Tool = {
    key: 'scorecards',
    title: 'Production readiness',
    description: 'Every service scored bronze to gold, what to fix next, CSV',
    to: '/scorecards',
    icon: <AssessmentIcon />,
    gate: tile => <ScorecardsNavGate>{tile}</ScorecardsNavGate>,
  };
  const health: Tool = {
    key: 'health',
    title: 'Health overview',
    description: 'Every component worst first: alarms, rollouts, WAF',
    to: '/health',
    icon: <LocalHospitalIcon />,
  };
  const docs: Tool = {
    key: 'docs',
    title: 'Docs and runbooks',
    description: "Each component's TechDocs, runbook included",
    to: '/docs',
    icon: <LibraryBooksIcon />,
  };
  const create: Tool = {
    key: 'create',
    title: 'Create something new',
    description: 'A service, micro-frontend, pipeline or Terraform stack',
    to: '/create',
    icon: <AddCircleOutlineIcon />,
  };
  const ownComponents: Tool = {
    key: 'own-components',
    title: 'Your components',
    description: 'Components your teams own',
    to: catalogOf({ kind: 'component', user: 'owned' }),
    icon: <CategoryIcon />,
  };
  const apis: Tool = {
    key: 'apis',
    title: 'APIs',
    description: "The store's OpenAPI and event definitions",
    to: '/api-docs',
    icon: <ExtensionIcon />,
  };
  const resources: Tool = {
    key: 'resources',
    title: 'AWS resources',
    description: 'Secrets, roles, tables, web ACLs and their owners',
    to: catalogOf({ kind: 'resource', user: 'all' }),
    icon: <StorageIcon />,
  };

  switch (role) {
    case 'auditor':
      return [accessAudit, scorecards, resources, docs];
    case 'onCall':
      return [health, docs];
    case 'teamLead':
      return [...teamTools, scorecards, docs];
    case 'platformAdmin':
      return [health, accessAudit];
    case 'developer':
      return [create, ownComponents, apis, ...teamTools];
    default:
      return [docs];
  }
}

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))',
    gap: theme.spacing(2),
  },
  tile: {
    display: 'flex',
    gap: theme.spacing(1.5),
    alignItems: 'flex-start',
    height: '100%',
    padding: theme.spacing(1.25, 2),
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    color: theme.palette.text.primary,
    '&:hover': { background: theme.palette.action.hover },
    '& svg': { color: theme.palette.primary.main, marginTop: 2 },
  },
  title: { fontWeight: 'bold' },
}));

/**
 * The tools of the signed-in user's roles, each role's own first: the auditor's
 * access audit, on-call's health overview, a team lead's team page, a
 * developer's templates and components.
 */
export const YourTools = () => {
  const classes = useStyles();
  const entityRoute = useRouteRef(entityRouteRef);
  const { value: user, loading, error } = usePortalUser();

  if (loading) {
    return <Progress />;
  }
  if (error || !user) {
    return <ResponseErrorPanel error={error ?? new Error('Not signed in')} />;
  }

  const entityPath = (ref: string) => entityRoute(entityRouteParams(ref));
  const seen = new Set<string>();
  // Someone without a role still gets somewhere to start.
  const roles: Array<Role | 'none'> = user.roles.length ? user.roles : ['none'];
  const tools = roles
    .flatMap(role => toolsOf(role, user, entityPath))
    .filter(tool => !seen.has(tool.key) && seen.add(tool.key))
    .slice(0, MAX_TOOLS);

  return (
    <nav aria-label="Your tools" className={classes.grid}>
      {tools.map(tool => {
        const tile = (
          <Link to={tool.to} underline="none" className={classes.tile}>
            {tool.icon}
            <span>
              <Typography
                component="span"
                display="block"
                className={classes.title}
              >
                {tool.title}
              </Typography>
              <Typography
                variant="body2"
                color="textSecondary"
                component="span"
                display="block"
              >
                {tool.description}
              </Typography>
            </span>
          </Link>
        );
        return <div key={tool.key}>{tool.gate ? tool.gate(tile) : tile}</div>;
      })}
    </nav>
  );
};
