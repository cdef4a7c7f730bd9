import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import HealthIcon from '@material-ui/icons/LocalHospital';
import { OpsHealthClient, opsHealthApiRef } from './api';
import { RedNowFrame } from './components/RedNowFrame';

const opsHealthApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: opsHealthApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new OpsHealthClient(deps),
    }),
});

const rootRouteRef = createRouteRef();

/** `/health`: every store component, worst first; the route ref gives it its sidebar item. */
const healthPage = PageBlueprint.make({
  params: {
    path: '/health',
    routeRef: rootRouteRef,
    title: 'Health',
    icon: <HealthIcon />,
    loader: () =>
      import('./components/HealthOverviewPage').then(m => (
        <m.HealthOverviewPage />
      )),
  },
});

/**
 * The Timeline tab: what changed for a component and what it depends on, on
 * one time axis, with the alarms that fired after a rollout. `app.extensions`
 * lists it first among the ungrouped tabs, ahead of the AWS tabs it links to.
 */
const timelineEntityContent = EntityContentBlueprint.make({
  name: 'timeline',
  params: {
    path: '/timeline',
    title: 'Timeline',
    // Store components: services and websites (micro-frontends).
    filter: { kind: 'component', 'spec.type': { $in: ['service', 'website'] } },
    loader: () =>
      import('./components/timeline/TimelineContent').then(m => (
        <m.TimelineContent />
      )),
  },
});

/**
 * Home-page card for on-call engineers: what is red right now. Its own frame
 * lets the list scroll inside the grid cell instead of being cut off.
 */
const redNowWidget = HomePageWidgetBlueprint.make({
  name: 'red-now',
  params: {
    name: 'RedNow',
    title: 'Red right now',
    description:
      'Store components with firing alarms, failed rollouts or WAF spikes',
    components: () =>
      import('./components/RedNowCard').then(m => ({
        Content: m.RedNowCard,
        Actions: m.RedNowActions,
      })),
    componentProps: { Renderer: RedNowFrame },
  },
});

/** On-call health overview of the store. */
export const opsHealthPlugin = createFrontendPlugin({
  pluginId: 'ops-health',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [opsHealthApi, healthPage, redNowWidget, timelineEntityContent],
});
