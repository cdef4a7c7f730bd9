import { disruptionBudgetKeepsPod, matchesLabelSelector } from './objects';

const labels = { app: 'cart-service', tier: 'backend' };

describe('matchesLabelSelector', () => {
  it('matches matchLabels and every matchExpressions operator', () => {
    expect(
      matchesLabelSelector({ matchLabels: { app: 'cart-service' } }, labels),
    ).toBe(true);
    expect(
      matchesLabelSelector({ matchLabels: { app: 'order-service' } }, labels),
    ).toBe(false);
    const expr = (operator: string, values?: string[], key = 'tier') => ({
      matchExpressions: [{ key, operator, values }],
    });
    expect(matchesLabelSelector(expr('In', ['backend', 'edge']), labels)).toBe(
      true,
    );
    expect(matchesLabelSelector(expr('In', ['edge']), labels)).toBe(false);
    expect(matchesLabelSelector(expr('NotIn', ['edge']), labels)).toBe(true);
    expect(matchesLabelSelector(expr('NotIn', ['backend']), labels)).toBe(
      false,
    );
    expect(matchesLabelSelector(expr('Exists'), labels)).toBe(true);
    expect(matchesLabelSelector(expr('Exists', [], 'zone'), labels)).toBe(
      false,
    );
    expect(matchesLabelSelector(expr('DoesNotExist', [], 'zone'), labels)).toBe(
      true,
    );
    expect(matchesLabelSelector(expr('DoesNotExist'), labels)).toBe(false);
    expect(matchesLabelSelector(expr('Gt', ['1']), labels)).toBe(false);
  });

  it('an absent selector selects nothing, an empty one everything (policy/v1)', () => {
    expect(matchesLabelSelector(undefined, labels)).toBe(false);
    expect(matchesLabelSelector({}, labels)).toBe(true);
  });
});

describe('disruptionBudgetKeepsPod', () => {
  const budget = (spec: object) => ({ metadata: { name: 'b' }, spec });

  it.each([
    [{ minAvailable: 1 }, 1, true],
    [{ minAvailable: 0 }, 3, false],
    [{ minAvailable: '50%' }, 3, true],
    [{ minAvailable: '0%' }, 3, false],
    [{ maxUnavailable: 1 }, 2, true],
    [{ maxUnavailable: 1 }, 1, false],
    [{ maxUnavailable: 2 }, 2, false],
    // Percentages round up: 50% of 3 is 2 < 3; 60% of 2 is 2, not below 2.
    [{ maxUnavailable: '50%' }, 3, true],
    [{ maxUnavailable: '60%' }, 2, false],
    [{ maxUnavailable: '100%' }, 4, false],
    [{ minAvailable: 'half' }, 4, false],
    [{}, 4, false],
  ])('%j over %i replicas keeps a pod: %s', (spec, replicas, keeps) => {
    expect(disruptionBudgetKeepsPod(budget(spec), replicas)).toBe(keeps);
  });
});
