import { CheckResult } from '@backstage-community/plugin-tech-insights-common';
import { ScorecardCheckConfig } from '../config';
import { rankScorecards, scoreService, ScoredEntity } from './score';

const levels = [
  { id: 'bronze', title: 'Bronze', description: '' },
  { id: 'silver', title: 'Silver', description: '' },
  { id: 'gold', title: 'Gold', description: '' },
];

const checks: ScorecardCheckConfig[] = [
  {
    id: 'owner',
    level: 'bronze',
    reason: 'r1',
    source: 'catalog',
    factIds: ['cat'],
    facts: ['hasGroupOwner'],
  },
  {
    id: 'runbook',
    level: 'bronze',
    reason: 'r2',
    source: 'catalog',
    factIds: ['cat'],
    facts: ['hasRunbook'],
  },
  {
    id: 'replicas',
    level: 'silver',
    reason: 'r3',
    source: 'eks',
    factIds: ['eks'],
    facts: ['prodReplicas'],
  },
  {
    id: 'pdb',
    level: 'gold',
    reason: 'r4',
    source: 'eks',
    factIds: ['eks'],
    facts: ['hasPdb'],
  },
];

const definitions = new Map(
  checks.map(check => [
    check.id,
    {
      id: check.id,
      type: 'json-rules-engine',
      name: `Check ${check.id}`,
      description: `About ${check.id}`,
      factIds: check.factIds,
      links: [
        { title: 'Fix it', url: '/catalog/{namespace}/component/{name}/eks' },
      ],
    },
  ]),
);

const entity: ScoredEntity = {
  entityRef: 'component:default/cart-service',
  kind: 'component',
  namespace: 'default',
  name: 'cart-service',
  title: 'Cart Service',
  owner: 'group:default/team-commerce',
};

const result = (
  id: string,
  passed: boolean,
  facts: Record<string, unknown> = {},
): CheckResult => ({
  check: definitions.get(id)!,
  result: passed,
  facts: Object.fromEntries(
    Object.entries(facts).map(([name, value]) => [
      name,
      { id: name, type: 'boolean', description: '', value: value as any },
    ]),
  ),
});

const score = (results: CheckResult[], facts?: any) =>
  scoreService({ entity, levels, checks, definitions, results, facts });

describe('scoreService', () => {
  it('reaches gold when every check passed', () => {
    const card = score(checks.map(c => result(c.id, true)));
    expect(card.level).toBe('gold');
    expect(card.next).toBeUndefined();
    expect(card.counts).toEqual({ passed: 4, failed: 0, unknown: 0, total: 4 });
  });

  it('stops below the first level a check fails, and names what blocks the next', () => {
    const card = score([
      result('owner', true),
      result('runbook', true),
      result('replicas', true),
      result('pdb', false, { hasPdb: false }),
    ]);
    expect(card.level).toBe('silver');
    expect(card.next).toEqual({ level: 'gold', blocking: ['pdb'] });
    const pdb = card.checks.find(c => c.id === 'pdb')!;
    expect(pdb).toMatchObject({
      outcome: 'failed',
      facts: { hasPdb: false },
      reason: 'r4',
      links: [
        { title: 'Fix it', url: '/catalog/default/component/cart-service/eks' },
      ],
    });
  });

  it('does not give a higher level that passed when a lower one failed', () => {
    const card = score([
      result('owner', false),
      result('runbook', true),
      result('replicas', true),
      result('pdb', true),
    ]);
    expect(card.level).toBeNull();
    expect(card.next).toEqual({ level: 'bronze', blocking: ['owner'] });
  });

  it('shows a check without a result as unknown with the read error its retriever stored, holding the level back', () => {
    const card = score(
      [result('owner', true), result('replicas', true), result('pdb', true)],
      {
        cat: {
          timestamp: '2026-12-01T10:00:00.000Z',
          version: '1.0.0',
          facts: {
            hasGroupOwner: true,
            readErrors: {
              hasRunbook: 'TechDocs not published yet',
              lifecycle: 'unrelated',
            },
          },
        },
        eks: {
          timestamp: '2026-12-01T09:00:00.000Z',
          version: '1.0.0',
          facts: { prodReplicas: 3, hasPdb: true },
        },
      },
    );
    const runbook = card.checks.find(c => c.id === 'runbook')!;
    expect(runbook.outcome).toBe('unknown');
    expect(runbook.unknownReason).toBe(
      'hasRunbook could not be read: TechDocs not published yet',
    );
    expect(runbook.factsReadAt).toBe('2026-12-01T10:00:00.000Z');
    expect(card.level).toBeNull();
    expect(card.next).toEqual({ level: 'bronze', blocking: ['runbook'] });
    expect(card.counts).toEqual({ passed: 3, failed: 0, unknown: 1, total: 4 });
  });

  it('says when a retriever never stored facts for the service', () => {
    const card = score([result('owner', true), result('runbook', true)], {});
    expect(card.checks.find(c => c.id === 'replicas')).toMatchObject({
      outcome: 'unknown',
      unknownReason: 'eks has not been read for this service yet',
    });
  });

  it('takes a whole-retriever read error for every check of that retriever', () => {
    const card = score([result('owner', true), result('runbook', true)], {
      eks: {
        timestamp: 't',
        version: '1',
        facts: { readErrors: { '*': 'AccessDenied' } },
      },
    });
    expect(
      card.checks.filter(c => c.source === 'eks').map(c => c.unknownReason),
    ).toEqual([
      'could not be read: AccessDenied',
      'could not be read: AccessDenied',
    ]);
  });

  it('orders checks by level, then failed, unknown, passed', () => {
    const card = score([result('owner', true), result('runbook', false)]);
    expect(card.checks.map(c => [c.id, c.outcome])).toEqual([
      ['runbook', 'failed'],
      ['owner', 'passed'],
      ['replicas', 'unknown'],
      ['pdb', 'unknown'],
    ]);
  });

  it('encodes the entity into links', () => {
    const odd = { ...entity, name: 'a/b?c' };
    const card = scoreService({
      entity: odd,
      levels,
      checks,
      definitions,
      results: [],
    });
    expect(card.checks[0].links[0].url).toBe(
      '/catalog/default/component/a%2Fb%3Fc/eks',
    );
  });
});

describe('rankScorecards', () => {
  it('ranks by level, then passed, then failed, then title', () => {
    const card = (
      title: string,
      level: string | null,
      passed: number,
      failed: number,
    ) =>
      ({
        entityRef: title,
        title,
        level,
        counts: { passed, failed, unknown: 0, total: 10 },
        checks: [],
      } as any);
    const ranked = rankScorecards(levels, [
      card('d', null, 9, 1),
      card('c', 'silver', 8, 2),
      card('b', 'silver', 8, 1),
      card('a', 'gold', 4, 0),
      card('e', 'silver', 8, 1),
    ]);
    expect(ranked.map(c => c.title)).toEqual(['a', 'b', 'e', 'c', 'd']);
  });
});
