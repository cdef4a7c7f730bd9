/**
 * Backend of the EKS deployments plugin.
 *
 * @packageDocumentation
 */
export { eksPlugin as default } from './plugin';
