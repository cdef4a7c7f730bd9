import { AwsOpsErrorEntry } from '@internal/backstage-plugin-aws-ops-common';

/**
 * What each failed read of an environment's secrets is called at the start of
 * its error message (after the error name, where `toErrorEntry` adds it), so
 * a caller can tell which part of a response is missing without guessing.
 */
export const SECRET_READS = {
  /** ListSecrets of the environment's account and region: no secret is known. */
  listing: 'secrets listing',
  /** IAM listing of the account: the readers come from the resource policy alone. */
  iam: 'IAM listing',
  /** GetResourcePolicy of one secret: its resource policy is unknown. */
  resourcePolicy: (secretName: string) => `resource policy of ${secretName}`,
  /** DescribeKey of one secret's key: who manages the key is unknown. */
  kmsKey: (secretName: string) => `KMS key of ${secretName}`,
} as const;

/** True when `entry` is the failure of the read `what` (a `SECRET_READS` name). */
export function isSecretReadError(
  entry: AwsOpsErrorEntry,
  what: string,
): boolean {
  // toErrorEntry may put the AWS error name in front: `ThrottlingException: <what>: …`
  return new RegExp(`^([\\w.]+: )?${escape(what)}: `).test(entry.message);
}

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
