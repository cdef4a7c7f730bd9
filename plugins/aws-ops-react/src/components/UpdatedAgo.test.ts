import { formatAge } from './UpdatedAgo';

describe('formatAge', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it.each([
    ['2026-11-23T11:59:55Z', '5 s'],
    ['2026-11-23T11:57:00Z', '3 min'],
    ['2026-11-23T09:00:00Z', '3 h'],
    ['2026-11-19T12:00:00Z', '4 d'],
    [undefined, '-'],
  ])('%s -> %s', (iso, expected) => {
    expect(formatAge(iso, now)).toBe(expected);
  });
});
