/**
 * EKS deployments frontend plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { eksPlugin as default } from './plugin';
export { eksApiRef, type EksApi } from './api';
