import { InputError } from '@backstage/errors';
import { parseQuery } from '@internal/backstage-plugin-aws-ops-node';
import { eventsQuery, spikesQuery } from './query';

describe('the events query', () => {
  it('reads a window, 1h when absent, and ignores other parameters', () => {
    expect(parseQuery(eventsQuery, { window: '24h', other: 'x' })).toEqual({
      window: '24h',
    });
    expect(parseQuery(eventsQuery, {})).toEqual({ window: '1h' });
  });

  // what Express's query parser makes of ?window[toString]=1, ?window[]=1h, ?window=1h&window=6h
  it.each([
    { window: { toString: '1' } },
    { window: ['1h'] },
    { window: ['1h', '6h'] },
    { window: '7d' },
    { window: '' },
  ])('refuses %j with a plain 400', query => {
    expect(() => parseQuery(eventsQuery, query)).toThrow(
      new InputError('window must be one of 1h, 6h, 24h'),
    );
  });
});

describe('the spikes query', () => {
  it('reads a window, 6h when absent', () => {
    expect(parseQuery(spikesQuery, { window: '24h' })).toEqual({
      window: '24h',
    });
    expect(parseQuery(spikesQuery, {})).toEqual({ window: '6h' });
    expect(() => parseQuery(spikesQuery, { window: '2h' })).toThrow(
      new InputError('window must be one of 1h, 6h, 24h'),
    );
  });
});
