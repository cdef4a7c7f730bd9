import { InputError } from '@backstage/errors';
import { parseQuery } from '@internal/backstage-plugin-aws-ops-node';
import { alarmsQuery } from './query';

describe('the alarms query', () => {
  it('reads the chart window, 3h by default', () => {
    expect(parseQuery(alarmsQuery, { window: '7d' }).window).toBe('7d');
    expect(parseQuery(alarmsQuery, { state: 'ALARM' }).window).toBe('3h');
  });

  it.each([
    [{ window: { toString: '1' } }],
    [{ window: ['24h', '7d'] }],
    [{ window: '2h' }],
  ])(
    'refuses %j (an object, a list, an unknown window) with a plain 400',
    query => {
      expect(() => parseQuery(alarmsQuery, query)).toThrow(
        new InputError('window must be one of 1h, 3h, 12h, 24h, 7d'),
      );
    },
  );
});
