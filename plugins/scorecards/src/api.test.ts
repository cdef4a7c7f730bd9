import { mockApis } from '@backstage/frontend-test-utils';
import { ScorecardsClient } from './api';

describe('ScorecardsClient', () => {
  const discoveryApi = mockApis.discovery({ baseUrl: 'http://backend' });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });

  it('reads an entity, a team and the store from our routes', async () => {
    const fetch = jest.fn(async () => json({ ok: true }));
    const client = new ScorecardsClient({ discoveryApi, fetchApi: { fetch } });
    await client.getEntityScorecard({
      kind: 'Component',
      namespace: 'default',
      name: 'cart-service',
    });
    await client.getTeamScorecards({
      kind: 'Group',
      namespace: 'default',
      name: 'team-commerce',
    });
    await client.getStoreScorecards();
    expect(fetch.mock.calls.map(call => (call as unknown[])[0])).toEqual([
      'http://backend/api/scorecards/entities/component/default/cart-service',
      'http://backend/api/scorecards/teams/default/team-commerce',
      'http://backend/api/scorecards/services',
    ]);
  });

  it('downloads the CSV with the file name the backend chose', async () => {
    const fetch = jest.fn(
      async () =>
        new Response('service,level\ncart-service,bronze\n', {
          headers: {
            'content-type': 'text/csv',
            'content-disposition':
              'attachment; filename="scorecards-2026-12-01.csv"',
          },
        }),
    );
    const client = new ScorecardsClient({ discoveryApi, fetchApi: { fetch } });
    const file = await client.exportStoreCsv();
    expect(fetch).toHaveBeenCalledWith(
      'http://backend/api/scorecards/services?format=csv',
    );
    expect(file.fileName).toBe('scorecards-2026-12-01.csv');
    expect(await file.blob.text()).toBe('service,level\ncart-service,bronze\n');
  });

  it('throws the response error of a refused read', async () => {
    const fetch = jest.fn(async () =>
      json({ error: { name: 'NotAllowedError', message: 'no' } }, 403),
    );
    const client = new ScorecardsClient({ discoveryApi, fetchApi: { fetch } });
    await expect(client.exportStoreCsv()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
    });
  });
});
