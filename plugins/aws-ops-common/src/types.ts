/** Which backend produced a response: the simulated account or real AWS. */
export type AwsOpsSource = 'demo' | 'aws';

/** Where a partial failure happened. */
export interface AwsOpsErrorScope {
  environment?: string;
  accountId?: string;
  region?: string;
  cluster?: string;
}

/**
 * One failure reported next to the data that did load. `name` is an
 * `@backstage/errors` error name (NotAllowedError, NotFoundError,
 * ServiceUnavailableError, InputError, ...).
 */
export interface AwsOpsErrorEntry {
  scope: AwsOpsErrorScope;
  name: string;
  message: string;
}

/** Fields every AWS ops response carries. */
export interface AwsOpsResponse {
  source: AwsOpsSource;
  /** ISO time at which the oldest piece of the data was read. */
  fetchedAt: string;
  errors: AwsOpsErrorEntry[];
}
