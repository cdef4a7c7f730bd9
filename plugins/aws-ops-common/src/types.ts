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

/**
 * Data served past its cache lifetime: a refresh is running or has failed, and
 * the viewer gets the last good data meanwhile instead of waiting or an error.
 */
export interface AwsOpsStale {
  /** ISO time at which the served data was read from AWS. */
  since: string;
  /** Why the last refresh failed, shown next to the data it did not replace. */
  refreshError?: { name: string; message: string };
}

/** Fields every AWS ops response carries. */
export interface AwsOpsResponse {
  source: AwsOpsSource;
  /** ISO time at which the oldest piece of the data was read. */
  fetchedAt: string;
  errors: AwsOpsErrorEntry[];
  /** Set when some of the data is older than its cache lifetime (the oldest piece). */
  stale?: AwsOpsStale;
}
