import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Commands that return secret values; this backend must never send them. */
export const SECRET_VALUE_COMMANDS = new Set([
  'GetSecretValueCommand',
  'BatchGetSecretValueCommand',
]);

/** Thrown instead of sending a command that would read a secret value. */
export class SecretValueReadError extends Error {
  name = 'NotAllowedError';
}

/**
 * Adds a middleware that refuses value-reading commands before they are
 * signed or sent. The client is shared by every AWS plugin, so the guard
 * covers them all; `override` makes installing it again a no-op.
 */
export function guardAgainstSecretValueReads(
  client: SecretsManagerClient,
): SecretsManagerClient {
  client.middlewareStack.add(
    (next, context) => async args => {
      if (SECRET_VALUE_COMMANDS.has(context.commandName ?? '')) {
        throw new SecretValueReadError(
          `${context.commandName} is refused: the portal never reads secret values`,
        );
      }
      return next(args);
    },
    { step: 'initialize', name: 'refuseSecretValueReads', override: true },
  );
  return client;
}
