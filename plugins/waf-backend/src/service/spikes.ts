import { WafSpike } from '@internal/backstage-plugin-waf-common';

/** Times the baseline a spike must reach. */
export const SPIKE_RATIO = 3;
/** Blocked requests above the baseline a spike must reach, whatever the baseline. */
export const SPIKE_MIN_EXTRA = 20;

/**
 * A spike: at least three times the baseline and at least 20 more blocks, so
 * a quiet component does not spike on a handful of blocks. The same rule for
 * the summary's hour (against the mean hour) and for a timeline's 5-minute
 * bucket (against the mean bucket).
 */
export function isSpike(blocked: number, baseline: number): boolean {
  return (
    blocked >= Math.max(SPIKE_RATIO * baseline, baseline + SPIKE_MIN_EXTRA)
  );
}

/**
 * The spikes of a series of blocked requests per bucket. The baseline of a
 * bucket is the mean of every other bucket of the series (the component's own
 * 24 hours without the bucket itself); a bucket is a spike bucket when
 * `isSpike(blocked, baseline)`; consecutive spike buckets make one spike.
 * A bucket without a datapoint counts 0 (AWS WAF publishes no datapoint for
 * a period without blocked requests).
 */
export function findSpikes(
  values: ReadonlyArray<number | undefined>,
  startMs: number,
  bucketMs: number,
): WafSpike[] {
  const counts = values.map(v => (Number.isFinite(v) ? (v as number) : 0));
  const total = counts.reduce((a, b) => a + b, 0);
  const others = counts.length - 1;
  const spikes: WafSpike[] = [];
  let open: WafSpike | undefined;
  counts.forEach((blocked, i) => {
    const baseline = others > 0 ? (total - blocked) / others : 0;
    if (!isSpike(blocked, baseline)) {
      open = undefined;
      return;
    }
    const end = new Date(startMs + (i + 1) * bucketMs).toISOString();
    if (open) {
      open.end = end;
      open.blocked += blocked;
      if (blocked > open.peakPerBucket) {
        open.peakPerBucket = blocked;
        open.baselinePerBucket = baseline;
      }
      return;
    }
    open = {
      start: new Date(startMs + i * bucketMs).toISOString(),
      end,
      blocked,
      peakPerBucket: blocked,
      baselinePerBucket: baseline,
    };
    spikes.push(open);
  });
  return spikes;
}
