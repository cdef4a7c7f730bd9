import { findSpikes, isSpike } from './spikes';

const START = Date.parse('2026-12-01T00:00:00.000Z');
const BUCKET = 5 * 60_000;
const at = (i: number) => new Date(START + i * BUCKET).toISOString();

/** 288 buckets of `level`, with `peaks` (bucket index to blocked) on top. */
function series(level: number, peaks: Record<number, number> = {}) {
  return Array.from({ length: 288 }, (_, i) => peaks[i] ?? level);
}

describe('isSpike', () => {
  it('needs three times the baseline and 20 more', () => {
    expect(isSpike(59, 20)).toBe(false);
    expect(isSpike(60, 20)).toBe(true);
    expect(isSpike(21, 2)).toBe(false);
    expect(isSpike(22, 2)).toBe(true);
    expect(isSpike(19, 0)).toBe(false);
    expect(isSpike(20, 0)).toBe(true);
  });
});

describe('findSpikes', () => {
  it('finds a bucket at three times the mean of the other buckets, not just below', () => {
    // The other 287 buckets hold 20 each: the baseline is 20, the threshold 60.
    expect(findSpikes(series(20, { 100: 59 }), START, BUCKET)).toEqual([]);
    expect(findSpikes(series(20, { 100: 60 }), START, BUCKET)).toEqual([
      {
        start: at(100),
        end: at(101),
        blocked: 60,
        peakPerBucket: 60,
        baselinePerBucket: 20,
      },
    ]);
  });

  it('needs at least 20 more than a small baseline', () => {
    // Baseline 2: three times is 6, but the bucket needs 22.
    expect(findSpikes(series(2, { 7: 21 }), START, BUCKET)).toEqual([]);
    expect(findSpikes(series(2, { 7: 22 }), START, BUCKET)).toEqual([
      expect.objectContaining({
        start: at(7),
        blocked: 22,
        baselinePerBucket: 2,
      }),
    ]);
  });

  it('excludes the bucket itself from its baseline', () => {
    // With the bucket in the mean the baseline would be above 10 and 30 not a spike.
    const values = series(10, { 0: 30 });
    const [spike] = findSpikes(values, START, BUCKET);
    expect(spike.baselinePerBucket).toBe(10);
    expect(spike.start).toBe(at(0));
  });

  it('merges consecutive spike buckets into one spike, with the peak and its baseline', () => {
    const spikes = findSpikes(
      series(0, { 10: 30, 11: 90, 12: 40, 14: 25, 287: 50 }),
      START,
      BUCKET,
    );
    expect(
      spikes.map(s => [s.start, s.end, s.blocked, s.peakPerBucket]),
    ).toEqual([
      [at(10), at(13), 160, 90],
      [at(14), at(15), 25, 25],
      // A spike in the last bucket ends with the series.
      [at(287), at(288), 50, 50],
    ]);
    // The peak bucket's baseline: the other 287 buckets' 235 - 90 blocked.
    expect(spikes[0].baselinePerBucket).toBeCloseTo(145 / 287, 10);
  });

  it('finds nothing on a quiet component, a steady one, or a handful of blocks', () => {
    expect(findSpikes(series(0), START, BUCKET)).toEqual([]);
    expect(findSpikes(series(500), START, BUCKET)).toEqual([]);
    expect(findSpikes(series(0, { 5: 19 }), START, BUCKET)).toEqual([]);
    expect(findSpikes(series(1, { 5: 3, 6: 2, 9: 4 }), START, BUCKET)).toEqual(
      [],
    );
  });

  it('does not flag a burst that recurs in every slot: it is the baseline', () => {
    // 24 blocked every 5 minutes, 775 once an hour: like the demo's card testing.
    const values = Array.from({ length: 288 }, (_, i) =>
      i % 12 === 6 ? 775 : 25,
    );
    const spikes = findSpikes(values, START, BUCKET);
    expect(spikes).toHaveLength(24);
    expect(spikes.every(s => s.blocked === 775)).toBe(true);
  });

  it('counts missing datapoints as 0 and copes with short or empty series', () => {
    const values: Array<number | undefined> = series(0, { 3: 40 });
    values[50] = undefined;
    values[51] = Number.NaN;
    expect(findSpikes(values, START, BUCKET)).toEqual([
      expect.objectContaining({ start: at(3), blocked: 40 }),
    ]);
    expect(findSpikes([], START, BUCKET)).toEqual([]);
    // One bucket: no other bucket, baseline 0.
    expect(findSpikes([20], START, BUCKET)).toEqual([
      expect.objectContaining({ blocked: 20, baselinePerBucket: 0 }),
    ]);
    expect(findSpikes([undefined, undefined], START, BUCKET)).toEqual([]);
  });
});
