import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** A cached value and when it was read from its source. */
export interface Fetched<T> {
  value: T;
  fetchedAt: string;
}

type Entry<T> =
  | { value: T; fetchedAt: string }
  | { failure: { name: string; message: string }; fetchedAt: string };

/** Rebuilt from a cached failure so callers see the original error name. */
class CachedFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface CacheTtl {
  /** How long a successful read is reused. */
  ttlMs: number;
  /**
   * How long a failure is remembered, so an unreachable cluster or a
   * throttled API is not asked again by every viewer.
   */
  failureTtlMs: number;
}

/**
 * Read-through cache on Backstage's CacheService with in-process single
 * flight: concurrent identical requests share one AWS call, and later ones
 * read the cached result until it expires.
 */
export class AwsOpsCache {
  private readonly inFlight = new Map<string, Promise<Fetched<any>>>();

  constructor(private readonly cache: CacheService) {}

  /** `T` must be plain JSON data (our own response pieces, never SDK objects). */
  async getOrLoad<T>(
    key: string,
    ttl: CacheTtl,
    load: () => Promise<T>,
  ): Promise<Fetched<T>> {
    const pending = this.inFlight.get(key);
    if (pending) {
      return pending;
    }
    const loading = this.readOrLoad(key, ttl, load).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  private async readOrLoad<T>(
    key: string,
    ttl: CacheTtl,
    load: () => Promise<T>,
  ): Promise<Fetched<T>> {
    const cached = (await this.cache.get(key)) as Entry<T> | undefined;
    if (cached) {
      return unwrap(cached);
    }
    const fetchedAt = new Date().toISOString();
    try {
      const value = await load();
      await this.cache.set(key, { value, fetchedAt } as JsonValue, {
        ttl: ttl.ttlMs,
      });
      return { value, fetchedAt };
    } catch (error) {
      const failure = {
        name: (error as Error)?.name ?? 'Error',
        message: (error as Error)?.message ?? String(error),
      };
      await this.cache.set(
        key,
        { failure, fetchedAt },
        { ttl: ttl.failureTtlMs },
      );
      throw error;
    }
  }
}

function unwrap<T>(entry: Entry<T>): Fetched<T> {
  if ('failure' in entry) {
    throw new CachedFailure(entry.failure.name, entry.failure.message);
  }
  return entry;
}
