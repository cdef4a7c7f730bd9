/**
 * The EKS deployments service, shared by the EKS route and the health overview.
 *
 * @packageDocumentation
 */
export { readEksConfig } from './config';
export type { EksConfig, EksVersionSupportEntry } from './config';
export { DefaultEksDeploymentsService } from './service/DefaultEksDeploymentsService';
export { eksDeploymentsServiceRef } from './service/serviceRef';
export type { EksDeploymentsService } from './service/types';
