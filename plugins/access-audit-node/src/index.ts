/**
 * The access-audit contract: the provider interface with its AWS default and
 * the service interface, with their service refs.
 *
 * @packageDocumentation
 */
export * from './types';
export { AwsAccessAuditProvider } from './AwsAccessAuditProvider';
export {
  guardAgainstSecretValueReads,
  SECRET_VALUE_COMMANDS,
  SecretValueReadError,
} from './secretValueGuard';
export { isSecretReadError, SECRET_READS } from './readErrors';
export {
  accessAuditProviderServiceRef,
  accessAuditServiceRef,
} from './serviceRefs';
export type { AccessAuditService } from './serviceRefs';
