import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';

/** A cached value and when it was read from its source. */
export interface Fetched<T> {
  value: T;
  fetchedAt: string;
}

type Entry<T> = { fetchedAt: string; expiresAt: number } & (
  | { value: T }
  | { failure: { name: string; message: string } }
);

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
 * read the cached result until it expires. Entries are also kept parsed in
 * process memory until they expire, so a warm read costs no deserialising;
 * the CacheService shares them with other backend replicas.
 */
export class AwsOpsCache {
  private readonly inFlight = new Map<string, Promise<Fetched<any>>>();
  private readonly local = new Map<string, Entry<any>>();

  constructor(private readonly cache: CacheService) {}

  /** `T` must be plain JSON data (our own response pieces, never SDK objects). */
  async getOrLoad<T>(
    key: string,
    ttl: CacheTtl,
    load: () => Promise<T>,
  ): Promise<Fetched<T>> {
    const local = this.local.get(key);
    if (local && local.expiresAt > Date.now()) {
      return unwrap(local);
    }
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
    if (cached && cached.expiresAt > Date.now()) {
      this.local.set(key, cached);
      return unwrap(cached);
    }
    const started = Date.now();
    const fetchedAt = new Date(started).toISOString();
    try {
      const value = await load();
      await this.store(
        key,
        { value, fetchedAt, expiresAt: started + ttl.ttlMs },
        ttl.ttlMs,
      );
      return { value, fetchedAt };
    } catch (error) {
      const failure = {
        name: (error as Error)?.name ?? 'Error',
        message: (error as Error)?.message ?? String(error),
      };
      await this.store(
        key,
        { failure, fetchedAt, expiresAt: started + ttl.failureTtlMs },
        ttl.failureTtlMs,
      );
      throw error;
    }
  }

  private async store<T>(key: string, entry: Entry<T>, ttlMs: number) {
    this.local.set(key, entry);
    await this.cache.set(key, entry as JsonValue, { ttl: ttlMs });
  }
}

function unwrap<T>(entry: Entry<T>): Fetched<T> {
  if ('failure' in entry) {
    throw new CachedFailure(entry.failure.name, entry.failure.message);
  }
  return { value: entry.value, fetchedAt: entry.fetchedAt };
}
