import { mockServices } from '@backstage/backend-test-utils';
import { AwsOpsCache, oldestStale } from './cache';

const ttl = { ttlMs: 60_000, failureTtlMs: 10_000 };

/** A CacheService backed by one Map, as two replicas sharing Redis see it. */
function sharedCacheService() {
  const backing = new Map<string, unknown>();
  const service = mockServices.cache.mock({
    get: async (key: string) => backing.get(key) as any,
    set: async (key: string, value: unknown) => {
      backing.set(key, value);
    },
  });
  return { backing, service };
}

function throttling() {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'ThrottlingException',
  });
}

/** Lets background refreshes started by a read settle. */
const settle = () => new Promise(resolve => setTimeout(resolve, 5));

describe('AwsOpsCache', () => {
  let now: number;
  const clock = () => now;
  const options = { maxLocalEntries: 100, maxStaleMs: 3_600_000, clock };

  beforeEach(() => {
    now = Date.parse('2026-12-01T10:00:00Z');
  });

  it('shares one load between concurrent identical requests and reuses it', async () => {
    const cache = new AwsOpsCache(mockServices.cache.mock(), options);
    const load = jest.fn(async () => {
      await new Promise(resolve => setTimeout(resolve, 20));
      return { clusters: ['a'] };
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.getOrLoad('k', ttl, load)),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every(r => r.value.clusters[0] === 'a')).toBe(true);
    expect(results[0].stale).toBeUndefined();
  });

  it('shares loads through CacheService, e.g. with another backend replica', async () => {
    const { service } = sharedCacheService();
    const load = jest.fn(async () => 42);
    const first = await new AwsOpsCache(service, options).getOrLoad(
      'k',
      ttl,
      load,
    );
    const second = await new AwsOpsCache(service, options).getOrLoad(
      'k',
      ttl,
      load,
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
  });

  it('serves a stale value at once, marked with its age, while one refresh runs', async () => {
    const cache = new AwsOpsCache(mockServices.cache.mock(), options);
    let release: () => void = () => {};
    let version = 0;
    const load = jest.fn(async () => {
      version += 1;
      if (version > 1) {
        await new Promise<void>(resolve => {
          release = resolve;
        });
      }
      return version;
    });
    const first = await cache.getOrLoad('k', ttl, load);
    now += ttl.ttlMs + 1;
    const during = await Promise.all(
      Array.from({ length: 5 }, () => cache.getOrLoad('k', ttl, load)),
    );
    expect(during.map(r => r.value)).toEqual([1, 1, 1, 1, 1]);
    expect(during[0].stale).toEqual({ since: first.fetchedAt });
    expect(load).toHaveBeenCalledTimes(2);
    release();
    await settle();
    const after = await cache.getOrLoad('k', ttl, load);
    expect(after.value).toBe(2);
    expect(after.stale).toBeUndefined();
  });

  it('never replaces the last good value with an error, and retries only after the failure TTL', async () => {
    const cache = new AwsOpsCache(mockServices.cache.mock(), options);
    let fail = false;
    const load = jest.fn(async () => {
      if (fail) throw throttling();
      return 'good';
    });
    const good = await cache.getOrLoad('k', ttl, load);
    fail = true;
    now += ttl.ttlMs + 1;
    await cache.getOrLoad('k', ttl, load); // starts the refresh that fails
    await settle();
    for (let i = 0; i < 3; i++) {
      const served = await cache.getOrLoad('k', ttl, load);
      expect(served.value).toBe('good');
      expect(served.stale).toEqual({
        since: good.fetchedAt,
        refreshError: { name: 'ThrottlingException', message: 'Rate exceeded' },
      });
    }
    expect(load).toHaveBeenCalledTimes(2);
    now += ttl.failureTtlMs + 1;
    fail = false;
    await cache.getOrLoad('k', ttl, load);
    await settle();
    expect(load).toHaveBeenCalledTimes(3);
    expect((await cache.getOrLoad('k', ttl, load)).stale).toBeUndefined();
  });

  it('stops serving a value older than maxStaleMs and reports the error instead', async () => {
    const cache = new AwsOpsCache(mockServices.cache.mock(), options);
    let fail = false;
    const load = jest.fn(async () => {
      if (fail) throw throttling();
      return 'good';
    });
    await cache.getOrLoad('k', ttl, load);
    fail = true;
    now += options.maxStaleMs + 1;
    await expect(cache.getOrLoad('k', ttl, load)).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });

  it('remembers failures of a key that never loaded for the failure TTL, with their error name', async () => {
    const { service } = sharedCacheService();
    const cache = new AwsOpsCache(service, options);
    const error = throttling();
    const load = jest.fn(async () => {
      throw error;
    });
    await expect(cache.getOrLoad('k', ttl, load)).rejects.toBe(error);
    await expect(
      new AwsOpsCache(service, options).getOrLoad('k', ttl, load),
    ).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(load).toHaveBeenCalledTimes(1);
    now += ttl.failureTtlMs + 1;
    await expect(cache.getOrLoad('k', ttl, load)).rejects.toBe(error);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('lets one replica refresh a stale key while the other serves it stale', async () => {
    const { service } = sharedCacheService();
    const replica1 = new AwsOpsCache(service, options);
    const replica2 = new AwsOpsCache(service, options);
    let release: () => void = () => {};
    let calls = 0;
    const load = jest.fn(async () => {
      calls += 1;
      if (calls > 1) {
        await new Promise<void>(resolve => {
          release = resolve;
        });
      }
      return calls;
    });
    await replica1.getOrLoad('k', ttl, load);
    now += ttl.ttlMs + 1;
    expect((await replica1.getOrLoad('k', ttl, load)).stale).toBeDefined();
    await settle();
    const fromReplica2 = await replica2.getOrLoad('k', ttl, load);
    expect(fromReplica2.value).toBe(1);
    expect(fromReplica2.stale).toBeDefined();
    expect(load).toHaveBeenCalledTimes(2);
    release();
    await settle();
    // Replica 2 cached the leased entry locally; it reads the new value once that lease ends.
    now += 30_001;
    expect((await replica2.getOrLoad('k', ttl, load)).value).toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxLocalEntries parsed entries in process memory', async () => {
    const { service } = sharedCacheService();
    const cache = new AwsOpsCache(service, { ...options, maxLocalEntries: 2 });
    for (const key of ['a', 'b', 'c']) {
      await cache.getOrLoad(key, ttl, async () => key);
    }
    // 'a' was evicted from the LRU, so it is read back from the shared cache.
    const getsBefore = (service.get as jest.Mock).mock.calls.length;
    await cache.getOrLoad('a', ttl, async () => 'reloaded');
    expect((service.get as jest.Mock).mock.calls.length).toBe(getsBefore + 1);
    await cache.getOrLoad('c', ttl, async () => 'reloaded');
    expect((service.get as jest.Mock).mock.calls.length).toBe(getsBefore + 1);
  });

  it('picks the oldest stale marker of several reads', () => {
    expect(
      oldestStale([
        undefined,
        { stale: { since: '2026-12-01T10:05:00Z' } },
        {},
        { stale: { since: '2026-12-01T10:01:00Z' } },
      ]),
    ).toEqual({ since: '2026-12-01T10:01:00Z' });
    expect(oldestStale([{}, undefined])).toBeUndefined();
  });
});
