import { mockServices } from '@backstage/backend-test-utils';
import { AwsOpsCache } from './cache';

const ttl = { ttlMs: 60_000, failureTtlMs: 60_000 };

describe('AwsOpsCache', () => {
  it('shares one load between concurrent identical requests and reuses it', async () => {
    const cache = new AwsOpsCache(mockServices.cache.mock());
    const load = jest.fn(async () => {
      await new Promise(resolve => setTimeout(resolve, 20));
      return { clusters: ['a'] };
    });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => cache.getOrLoad('k', ttl, load)),
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(results.every(r => r.value.clusters[0] === 'a')).toBe(true);
  });

  it('shares loads through CacheService, e.g. with another backend replica', async () => {
    const backing = new Map<string, unknown>();
    const cacheService = mockServices.cache.mock({
      get: async (key: string) => backing.get(key) as any,
      set: async (key: string, value: unknown) => {
        backing.set(key, value);
      },
    });
    const load = jest.fn(async () => 42);
    const first = await new AwsOpsCache(cacheService).getOrLoad('k', ttl, load);
    const second = await new AwsOpsCache(cacheService).getOrLoad(
      'k',
      ttl,
      load,
    );
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toEqual(first);
    expect(cacheService.set).toHaveBeenCalledWith('k', expect.anything(), {
      ttl: 60_000,
    });
  });

  it('loads again once the TTL has passed', async () => {
    const cache = new AwsOpsCache(mockServices.cache.mock());
    const load = jest.fn(async () => 42);
    await cache.getOrLoad('k', { ttlMs: 1, failureTtlMs: 1 }, load);
    await new Promise(resolve => setTimeout(resolve, 5));
    await cache.getOrLoad('k', { ttlMs: 1, failureTtlMs: 1 }, load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('remembers failures for the failure TTL with their error name', async () => {
    const backing = new Map<string, unknown>();
    const cache = new AwsOpsCache(
      mockServices.cache.mock({
        get: async (key: string) => backing.get(key) as any,
        set: async (key: string, value: unknown) => {
          backing.set(key, value);
        },
      }),
    );
    const error = Object.assign(new Error('slow down'), {
      name: 'ThrottlingException',
    });
    const load = jest.fn(async () => {
      throw error;
    });
    await expect(cache.getOrLoad('k', ttl, load)).rejects.toBe(error);
    await expect(cache.getOrLoad('k', ttl, load)).rejects.toMatchObject({
      name: 'ThrottlingException',
      message: 'slow down',
    });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
