import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { ScorecardsClient, scorecardsApiRef } from './api';

const scorecardsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: scorecardsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ScorecardsClient(deps),
    }),
});

/** The store-wide page; a page needs a route ref to get a sidebar item. */
const rootRouteRef = createRouteRef();

/**
 * "Production readiness" on the overview of services: the scorecard covers
 * `kind=component, spec.type=service` only, as the fact retrievers do.
 */
const productionReadinessCard = EntityCardBlueprint.make({
  name: 'production-readiness',
  params: {
    filter: { kind: 'component', 'spec.type': 'service' },
    loader: () =>
      import('./components/ProductionReadinessCard').then(m => (
        <m.ProductionReadinessCard />
      )),
  },
});

/** The Scorecards tab of a group: its services ranked. */
const teamScorecardsContent = EntityContentBlueprint.make({
  name: 'team',
  params: {
    path: '/scorecards',
    title: 'Scorecards',
    filter: { kind: 'group' },
    loader: () =>
      import('./components/TeamScorecardsContent').then(m => (
        <m.TeamScorecardsContent />
      )),
  },
});

/** `/scorecards`: every team's services per level, all services, CSV export. */
const scorecardsPage = PageBlueprint.make({
  params: {
    path: '/scorecards',
    routeRef: rootRouteRef,
    title: 'Scorecards',
    icon: <AssessmentIcon />,
    loader: () =>
      import('./components/ScorecardsPage').then(m => <m.ScorecardsPage />),
  },
});

/** Production-readiness scorecards of the store's services. */
export const scorecardsPlugin = createFrontendPlugin({
  pluginId: 'scorecards',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    scorecardsApi,
    productionReadinessCard,
    teamScorecardsContent,
    scorecardsPage,
  ],
});
