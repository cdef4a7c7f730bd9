import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { TechInsightsService } from '@backstage-community/plugin-tech-insights-node';
import { ScorecardService } from './ScorecardService';

const service = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service' },
});

const check = {
  id: 'replicas',
  type: 'json-rules-engine',
  name: 'Replicas',
  description: '',
  factIds: ['eksFacts'],
};

function fakeTechInsights() {
  const calls = { bulk: 0, facts: 0 };
  const techInsights: Partial<TechInsightsService> = {
    getAllChecks: async () => [check],
    runBulkChecks: async entities => {
      calls.bulk += 1;
      await new Promise(r => setTimeout(r, 20));
      return entities.map(e => ({
        entity: `component:default/${e.name}`,
        results: [{ check, result: true, facts: {} }],
      }));
    },
    getFacts: async () => {
      calls.facts += 1;
      return { eksFacts: { timestamp: '', version: '1', facts: {} } };
    },
  };
  return { techInsights: techInsights as TechInsightsService, calls };
}

const scorecardService = (techInsights: TechInsightsService) =>
  new ScorecardService({
    techInsights,
    cache: mockServices.cache.mock({
      get: jest.fn(async () => undefined),
      set: jest.fn(async () => undefined),
    }) as any,
    config: {
      levels: [{ id: 'bronze', title: 'Bronze', description: '' }],
      checks: [
        {
          id: 'replicas',
          level: 'bronze',
          reason: '',
          source: 'eks',
          factIds: ['eksFacts'],
          facts: ['prodReplicas'],
        },
      ],
      cacheTtlMs: 60_000,
    },
    logger: mockServices.logger.mock(),
    clock: () => 0,
  });

describe('ScorecardService', () => {
  it('scores each service once for concurrent viewers', async () => {
    const { techInsights, calls } = fakeTechInsights();
    const scorecards = scorecardService(techInsights);
    const entities = [service('a'), service('b')];
    const results = await Promise.all(
      Array.from({ length: 5 }, () => scorecards.getScorecards(entities)),
    );
    expect(calls).toEqual({ bulk: 1, facts: 2 });
    for (const result of results) {
      expect(result.scorecards.map(s => [s.entityRef, s.level])).toEqual([
        ['component:default/a', 'bronze'],
        ['component:default/b', 'bronze'],
      ]);
    }
    // Once done, the next request scores again (the cache here keeps nothing).
    await scorecards.getScorecards(entities);
    expect(calls.bulk).toBe(2);
  });

  it('answers an error per service Tech Insights could not score, next to the others', async () => {
    const { techInsights } = fakeTechInsights();
    techInsights.runBulkChecks = async () => [
      {
        entity: 'component:default/a',
        results: [],
        error: { name: 'Error', message: 'boom' },
      } as any,
      {
        entity: 'component:default/b',
        results: [{ check, result: false, facts: {} }],
      },
    ];
    const result = await scorecardService(techInsights).getScorecards([
      service('a'),
      service('b'),
    ]);
    expect(result.errors).toEqual([
      { entityRef: 'component:default/a', name: 'Error', message: 'boom' },
    ]);
    expect(result.scorecards.map(s => s.entityRef)).toEqual([
      'component:default/b',
    ]);
  });
});
