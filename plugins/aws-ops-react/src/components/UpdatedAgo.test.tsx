import { render, screen } from '@testing-library/react';
import { formatAge, UpdatedAgo } from './UpdatedAgo';

describe('UpdatedAgo', () => {
  const fiveMinutesAgo = () => new Date(Date.now() - 5 * 60_000).toISOString();

  it('shows the age of current data', () => {
    render(<UpdatedAgo fetchedAt={fiveMinutesAgo()} />);
    expect(screen.getByTestId('updated-ago')).toHaveTextContent(
      'updated 5 min ago',
    );
    expect(screen.queryByTestId('stale-marker')).toBeNull();
  });

  it('says when the data is stale, how old it is and why the refresh failed', () => {
    const since = fiveMinutesAgo();
    render(
      <UpdatedAgo
        fetchedAt={since}
        stale={{
          since,
          refreshError: {
            name: 'ThrottlingException',
            message: 'Rate exceeded',
          },
        }}
      />,
    );
    expect(screen.getByTestId('stale-marker')).toHaveTextContent(
      'stale: last good data from 5 min ago; refresh failed: Rate exceeded',
    );
  });

  it('says a refresh is running when stale data has no error yet', () => {
    const since = fiveMinutesAgo();
    render(<UpdatedAgo fetchedAt={since} stale={{ since }} />);
    expect(screen.getByTestId('stale-marker')).toHaveTextContent(
      'stale: last good data from 5 min ago; refreshing',
    );
  });
});

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
