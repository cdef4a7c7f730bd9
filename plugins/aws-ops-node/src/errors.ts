import { isError } from '@backstage/errors';
import {
  AwsOpsErrorEntry,
  AwsOpsErrorScope,
} from '@internal/backstage-plugin-aws-ops-common';

const BACKSTAGE_ERROR_NAMES = new Set([
  'InputError',
  'AuthenticationError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'NotImplementedError',
  'ServiceUnavailableError',
]);

const THROTTLED =
  /Throttl|TooManyRequests|RequestLimitExceeded|SlowDown|RequestThrottled/;
const DENIED =
  /AccessDenied|UnrecognizedClient|InvalidClientTokenId|ExpiredToken|NotAuthorized|Unauthorized|Forbidden|CredentialsProviderError/;
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN|TimeoutError/;

/**
 * Maps an AWS SDK, network or Backstage error to an `@backstage/errors` name,
 * so the browser can tell "you may not" from "AWS is busy" from "not there".
 */
export function errorNameOf(error: Error): string {
  if (BACKSTAGE_ERROR_NAMES.has(error.name)) {
    return error.name;
  }
  const code = `${error.name} ${(error as { code?: string }).code ?? ''}`;
  if (THROTTLED.test(code)) return 'ServiceUnavailableError';
  if (DENIED.test(code)) return 'NotAllowedError';
  if (/NotFound/.test(code)) return 'NotFoundError';
  // The SDK wraps network errors from another realm (e.g. under Jest) into a
  // plain Error whose message still names the cause.
  if (UNREACHABLE.test(code) || UNREACHABLE.test(error.message)) {
    return 'ServiceUnavailableError';
  }
  return 'Error';
}

/** Turns one failure into an entry of a response's `errors` list. */
export function toErrorEntry(
  scope: AwsOpsErrorScope,
  error: unknown,
): AwsOpsErrorEntry {
  const err = isError(error) ? (error as Error) : new Error(String(error));
  const name = errorNameOf(err);
  const message =
    name === err.name || BACKSTAGE_ERROR_NAMES.has(err.name)
      ? err.message
      : `${err.name}: ${err.message}`;
  return { scope, name, message };
}
