/**
 * Backend of the access-audit plugin. The default export installs the plugin
 * together with the access-audit service it serves (`accessAuditServiceRef`).
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { accessAuditPlugin } from './plugin';
import { accessAuditServiceFactory } from './serviceFactory';

export { accessAuditPlugin } from './plugin';
export { accessAuditServiceFactory } from './serviceFactory';
export { DefaultAccessAuditService } from './service/DefaultAccessAuditService';

export default createBackendFeatureLoader({
  loader: () => [accessAuditPlugin, accessAuditServiceFactory],
});
