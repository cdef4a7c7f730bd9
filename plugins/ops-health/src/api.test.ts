import { mockApis } from '@backstage/frontend-test-utils';
import { OpsHealthClient } from './api';

describe('OpsHealthClient', () => {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backend' });

  it('asks for a component timeline by its ref and window', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(JSON.stringify({ events: [] }), {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = new OpsHealthClient({ discoveryApi, fetchApi: { fetch } });
    await expect(
      client.getTimeline(
        { kind: 'Component', namespace: 'default', name: 'checkout-service' },
        '24h',
      ),
    ).resolves.toEqual({ events: [] });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/ops-health/entities/component/default/checkout-service/timeline?window=24h',
    );
  });

  it('throws the response error of a refused read', async () => {
    const fetch = jest.fn(
      async () =>
        new Response(
          JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }),
          { status: 403, headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new OpsHealthClient({ discoveryApi, fetchApi: { fetch } });
    await expect(
      client.getTimeline(
        { kind: 'Component', namespace: 'default', name: 'checkout-service' },
        '6h',
      ),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});
