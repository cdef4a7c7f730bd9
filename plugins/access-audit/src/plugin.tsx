import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import SecurityIcon from '@material-ui/icons/Security';
import { AccessAuditClient, accessAuditApiRef } from './api';

/** Services and websites can hold secrets; libraries and docs cannot. */
function isDeployedComponent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    (entity.spec?.type === 'service' || entity.spec?.type === 'website')
  );
}

/** The findings page; a page needs a route ref to get a sidebar item. */
const rootRouteRef = createRouteRef();

const accessAuditApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: accessAuditApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new AccessAuditClient(deps),
    }),
});

/** The Access tab: the component's secrets and who can reach them. */
const accessEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/access',
    title: 'Access',
    filter: isDeployedComponent,
    loader: () =>
      import('./components/AccessContent').then(m => <m.AccessContent />),
  },
});

/**
 * `/access-audit`: store-wide findings with filters and export. Its sidebar
 * item is shown only to those allowed (see `AccessAuditNavGate`).
 */
const accessAuditPage = PageBlueprint.make({
  params: {
    path: '/access-audit',
    routeRef: rootRouteRef,
    title: 'Access audit',
    icon: <SecurityIcon />,
    loader: () =>
      import('./components/FindingsPage').then(m => <m.FindingsPage />),
  },
});

/** Secrets metadata, access and audit findings of the store's components. */
export const accessAuditPlugin = createFrontendPlugin({
  pluginId: 'access-audit',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [accessAuditApi, accessEntityContent, accessAuditPage],
});
