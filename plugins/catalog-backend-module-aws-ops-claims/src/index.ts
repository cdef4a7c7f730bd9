/**
 * The catalog half of the binding rule between entities and AWS resources.
 *
 * @packageDocumentation
 */
export { AwsOpsClaimsProcessor } from './AwsOpsClaimsProcessor';
export { catalogModuleAwsOpsClaims as default } from './module';
