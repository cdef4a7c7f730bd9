import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { CloudWatchClient, cloudWatchApiRef } from './api';

/** Services and websites (micro-frontends) have alarms; libraries and other kinds do not. */
function isStoreComponent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    ['service', 'website'].includes(String(entity.spec?.type))
  );
}

const cloudWatchApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: cloudWatchApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new CloudWatchClient(deps),
    }),
});

/** The Alarms tab; it explains the linking annotations when no alarm matches. */
const alarmsEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/alarms',
    title: 'Alarms',
    filter: isStoreComponent,
    loader: () =>
      import('./components/AlarmsContent').then(m => <m.AlarmsContent />),
  },
});

/** Alarm status card on the overview tab. */
const alarmsEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isStoreComponent,
    loader: () =>
      import('./components/AlarmsStatusCard').then(m => <m.AlarmsStatusCard />),
  },
});

/** CloudWatch alarms of a component: state, reason, threshold and a chart of the metric. */
export const cloudWatchPlugin = createFrontendPlugin({
  pluginId: 'cloudwatch',
  info: { packageJson: () => import('../package.json') },
  extensions: [cloudWatchApi, alarmsEntityContent, alarmsEntityCard],
});
