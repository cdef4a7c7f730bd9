/**
 * Backend of the WAF events plugin: the route, the plugin and the WAF events
 * service (`DefaultWafEventsService`) that the route and the health overview
 * read. Installing the default export installs both the plugin and the
 * service factory.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { wafPlugin } from './plugin';
import { wafEventsServiceFactory } from './service/serviceFactory';

export { wafPlugin } from './plugin';
export { wafEventsServiceFactory } from './service/serviceFactory';
export {
  BUCKET_MS,
  blockedRequestsQuery,
  DefaultWafEventsService,
  isSpike,
} from './service/DefaultWafEventsService';

export default createBackendFeatureLoader({
  loader: () => [wafPlugin, wafEventsServiceFactory],
});
