import { CacheService } from '@backstage/backend-plugin-api';
import { JsonValue } from '@backstage/types';
import { AwsOpsStale } from '@internal/backstage-plugin-aws-ops-common';
import { LRUCache } from 'lru-cache';
import { Clock } from './clock';

/** A cached value, when it was read from its source, and whether it is past its lifetime. */
export interface Fetched<T> {
  value: T;
  fetchedAt: string;
  /** Set when `value` is the last good read, served while a refresh runs or after one failed. */
  stale?: AwsOpsStale;
}

interface ErrorInfo {
  name: string;
  message: string;
}

/**
 * What is stored per key. `freshUntil` is when the next viewer starts a
 * refresh; a value stays stored for `maxStaleMs` beyond that, so a failing
 * refresh never leaves viewers without the last good data.
 */
type Entry<T> = { fetchedAt: string; freshUntil: number } & (
  | {
      value: T;
      refreshError?: ErrorInfo;
      /** A replica is refreshing it; meanwhile it is served as stale. */
      refreshing?: boolean;
    }
  | { failure: ErrorInfo }
);

/** Rebuilt from a cached failure so callers see the original error name. */
class CachedFailure extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface CacheTtl {
  /** How long a successful read is served without a refresh. */
  ttlMs: number;
  /**
   * How long a failure is remembered before the source is asked again, so an
   * unreachable cluster or a throttled API is not asked by every viewer.
   */
  failureTtlMs: number;
}

export interface AwsOpsCacheOptions {
  /** Entries kept parsed in process memory; the least recently used go first. */
  maxLocalEntries: number;
  /** How long past `ttlMs` the last good value is served while refreshes fail. */
  maxStaleMs: number;
  clock?: Clock;
}

/**
 * How long a replica that starts a refresh tells the others (through the
 * shared cache) to keep serving the stale value instead of refreshing too.
 */
const REFRESH_LEASE_MS = 30_000;

/**
 * Stale-while-revalidate cache on Backstage's CacheService.
 *
 * - A fresh entry is served as is. A stale one is served at once, marked
 *   `stale` with its age, while one refresh runs in the background; viewers
 *   never wait on AWS for data they already had.
 * - A failed refresh never replaces the last good value: the value keeps
 *   being served with the error attached, and the source is asked again only
 *   after `failureTtlMs`. Only a key that never loaded fails to the caller.
 * - Single flight: one load per key per process; across replicas a refresh
 *   lease in the shared CacheService keeps the others from refreshing too,
 *   and they pick the result up from it.
 * - Entries are also kept parsed in a bounded in-process LRU, so a warm read
 *   costs no deserialising and memory stays bounded.
 */
export class AwsOpsCache {
  private readonly inFlight = new Map<string, Promise<Fetched<any>>>();
  private readonly local: LRUCache<string, Entry<any>>;
  private readonly clock: Clock;

  constructor(
    private readonly cache: CacheService,
    private readonly options: AwsOpsCacheOptions = {
      maxLocalEntries: 5000,
      maxStaleMs: 86_400_000,
    },
  ) {
    this.local = new LRUCache({ max: options.maxLocalEntries });
    this.clock = options.clock ?? Date.now;
  }

  /** `T` must be plain JSON data (our own response pieces, never SDK objects). */
  async getOrLoad<T>(
    key: string,
    ttl: CacheTtl,
    load: () => Promise<T>,
  ): Promise<Fetched<T>> {
    const now = this.clock();
    let entry = this.local.get(key) as Entry<T> | undefined;
    if (!entry || entry.freshUntil <= now) {
      const pending = this.inFlight.get(key);
      if (pending && !(entry && 'value' in entry)) {
        return pending;
      }
      if (!pending) {
        // Another replica may have refreshed (or leased a refresh) already.
        const shared = (await this.cache.get(key)) as Entry<T> | undefined;
        if (shared && (!entry || shared.freshUntil > entry.freshUntil)) {
          entry = shared;
          this.local.set(key, shared);
        }
      }
    }
    if (
      entry &&
      'value' in entry &&
      Date.parse(entry.fetchedAt) + this.options.maxStaleMs <= now
    ) {
      // Too old to show even as stale data.
      entry = undefined;
    }
    if (entry && entry.freshUntil > now) {
      return unwrap(entry);
    }
    if (entry && 'value' in entry) {
      // Stale: answer now, refresh in the background (once).
      if (!this.inFlight.has(key)) {
        void this.refresh(key, ttl, load, entry).catch(() => {
          // Recorded in the entry as refreshError; nothing else to do here.
        });
      }
      return {
        value: entry.value,
        fetchedAt: entry.fetchedAt,
        stale: staleOf(entry),
      };
    }
    return this.refresh(key, ttl, load, undefined);
  }

  private refresh<T>(
    key: string,
    ttl: CacheTtl,
    load: () => Promise<T>,
    previous: Entry<T> | undefined,
  ): Promise<Fetched<T>> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const loading = this.loadAndStore(key, ttl, load, previous).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, loading);
    return loading;
  }

  private async loadAndStore<T>(
    key: string,
    ttl: CacheTtl,
    load: () => Promise<T>,
    previous: Entry<T> | undefined,
  ): Promise<Fetched<T>> {
    const started = this.clock();
    if (previous) {
      await this.store(key, {
        ...previous,
        freshUntil: started + REFRESH_LEASE_MS,
        refreshing: true,
      });
    }
    try {
      const value = await load();
      const entry: Entry<T> = {
        value,
        fetchedAt: new Date(started).toISOString(),
        freshUntil: started + ttl.ttlMs,
      };
      await this.store(key, entry);
      return { value, fetchedAt: entry.fetchedAt };
    } catch (error) {
      const info = {
        name: (error as Error)?.name ?? 'Error',
        message: (error as Error)?.message ?? String(error),
      };
      const retryAt = this.clock() + ttl.failureTtlMs;
      if (previous && 'value' in previous) {
        // Keep the last good data; remember why it could not be refreshed.
        await this.store(key, {
          value: previous.value,
          fetchedAt: previous.fetchedAt,
          freshUntil: retryAt,
          refreshError: info,
        });
      } else {
        await this.store(key, {
          failure: info,
          fetchedAt: new Date(started).toISOString(),
          freshUntil: retryAt,
        });
      }
      throw error;
    }
  }

  private async store<T>(key: string, entry: Entry<T>) {
    this.local.set(key, entry);
    const now = this.clock();
    // A value outlives its freshness by maxStaleMs; a failure only until retry.
    const keepMs =
      'value' in entry
        ? Math.max(
            entry.freshUntil - now,
            Date.parse(entry.fetchedAt) + this.options.maxStaleMs - now,
          )
        : entry.freshUntil - now;
    if (keepMs <= 0) {
      this.local.delete(key);
      return;
    }
    await this.cache.set(key, entry as unknown as JsonValue, { ttl: keepMs });
  }
}

function staleOf(entry: { fetchedAt: string; refreshError?: ErrorInfo }) {
  return {
    since: entry.fetchedAt,
    ...(entry.refreshError ? { refreshError: entry.refreshError } : {}),
  };
}

function unwrap<T>(entry: Entry<T>): Fetched<T> {
  if ('failure' in entry) {
    throw new CachedFailure(entry.failure.name, entry.failure.message);
  }
  return entry.refreshError || entry.refreshing
    ? { value: entry.value, fetchedAt: entry.fetchedAt, stale: staleOf(entry) }
    : { value: entry.value, fetchedAt: entry.fetchedAt };
}

/** The oldest `stale` of several reads combined into one response, if any. */
export function oldestStale(
  reads: Array<{ stale?: AwsOpsStale } | undefined>,
): AwsOpsStale | undefined {
  let oldest: AwsOpsStale | undefined;
  for (const read of reads) {
    if (read?.stale && (!oldest || read.stale.since < oldest.since)) {
      oldest = read.stale;
    }
  }
  return oldest;
}
