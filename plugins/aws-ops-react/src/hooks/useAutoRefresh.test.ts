import { act, renderHook, waitFor } from '@testing-library/react';
import { useAutoRefresh } from './useAutoRefresh';

describe('useAutoRefresh', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps the last good data on screen when a refresh fails', async () => {
    const load = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('Rate exceeded'))
      .mockResolvedValueOnce('third');
    const { result } = renderHook(() => useAutoRefresh(load, 1000, []));
    await waitFor(() => expect(result.current.value).toBe('first'));

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await waitFor(() =>
      expect(result.current.error?.message).toBe('Rate exceeded'),
    );
    expect(result.current.value).toBe('first');

    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    await waitFor(() => expect(result.current.value).toBe('third'));
    expect(result.current.error).toBeUndefined();
  });

  it('does not show the data of other inputs when a new load fails', async () => {
    const { result, rerender } = renderHook(
      ({ name }) =>
        useAutoRefresh(
          () =>
            name === 'a'
              ? Promise.resolve('data of a')
              : Promise.reject(new Error('denied')),
          60_000,
          [name],
        ),
      { initialProps: { name: 'a' } },
    );
    await waitFor(() => expect(result.current.value).toBe('data of a'));
    rerender({ name: 'b' });
    await waitFor(() => expect(result.current.error?.message).toBe('denied'));
    expect(result.current.value).toBeUndefined();
  });
});
