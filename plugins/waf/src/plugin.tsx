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
import { WafClient, wafApiRef } from './api';

/** Services (behind the ALB) and websites (behind CloudFront) have a web ACL. */
function isWebFacing(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    (entity.spec?.type === 'service' || entity.spec?.type === 'website')
  );
}

const wafApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: wafApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new WafClient(deps),
    }),
});

/** The Security events tab on services and websites. */
const wafEntityContent = EntityContentBlueprint.make({
  params: {
    path: '/security-events',
    title: 'Security events',
    filter: isWebFacing,
    loader: () =>
      import('./components/WafEventsContent').then(m => <m.WafEventsContent />),
  },
});

/** Overview card: last hour's totals and the top blocking rule and client. */
const wafEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isWebFacing,
    loader: () =>
      import('./components/WafSummaryCard').then(m => <m.WafSummaryCard />),
  },
});

/** AWS WAF events of a service or website: allowed, blocked and counted requests. */
export const wafPlugin = createFrontendPlugin({
  pluginId: 'waf',
  info: { packageJson: () => import('../package.json') },
  extensions: [wafApi, wafEntityContent, wafEntityCard],
});
