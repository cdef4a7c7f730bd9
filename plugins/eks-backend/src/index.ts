/**
 * Backend of the EKS deployments plugin: the route, and the deployments
 * service the health overview reads too.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import { eksPlugin } from './plugin';
import { eksDeploymentsServiceFactory } from './service/serviceFactory';

export { eksPlugin } from './plugin';
export { eksDeploymentsServiceFactory } from './service/serviceFactory';
export { DefaultEksDeploymentsService } from './service/DefaultEksDeploymentsService';

/** The EKS plugin and its deployments service (installing one installs both). */
export default createBackendFeatureLoader({
  loader: () => [eksPlugin, eksDeploymentsServiceFactory],
});
