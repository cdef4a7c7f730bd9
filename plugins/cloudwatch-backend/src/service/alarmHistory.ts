import { AwsOpsStale } from '@internal/backstage-plugin-aws-ops-common';
import {
  AwsOpsService,
  AwsTarget,
  Clock,
  Fetched,
  oldestStale,
} from '@internal/backstage-plugin-aws-ops-node';
import {
  AccountAlarmHistory,
  AlarmHistoryRecord,
  AlarmsProvider,
  MetricRange,
} from '@internal/backstage-plugin-cloudwatch-node';

const HOUR = 3_600_000;

/**
 * The alarm history of an account+region is read and cached in blocks of
 * this length, aligned to the epoch: a block that has ended never changes.
 */
export const HISTORY_BLOCK_MS = HOUR;
/**
 * A block counts as closed (and is cached for HISTORY_CLOSED_TTL_MS) only
 * this long after its end, so items CloudWatch writes a moment late are in it.
 */
export const HISTORY_SETTLE_MS = 2 * 60_000;
/** Closed blocks live past the longest history window (24 h) plus one block. */
export const HISTORY_CLOSED_TTL_MS = 25 * HOUR;

/** The recent, still changing part of an account's history: from `start` to when it was read. */
interface OpenHistory extends AccountAlarmHistory {
  start: number;
}

/** An account+region's history over a range, assembled from cached blocks. */
export interface AccountHistoryRead {
  changes: AlarmHistoryRecord[];
  skipped: number;
  /** When the recent (open) part was read: closed blocks never change. */
  fetchedAt: string;
  stale?: AwsOpsStale;
}

const inRange = (record: AlarmHistoryRecord, start: number, end: number) => {
  const time = Date.parse(record.timestamp);
  return time >= start && time < end;
};

/**
 * The closed blocks one read is missing, read as few streams as possible: the
 * first block whose cache misses starts one DescribeAlarmHistory stream from
 * its start to the end of the closed part (or to the next stream already
 * started), and the blocks after it take their items from that stream. Cold,
 * a 24 h window is one paged stream, not 24.
 */
class ClosedBlocksFill {
  private readonly spans: Array<{
    start: number;
    end: number;
    read: Promise<AccountAlarmHistory>;
  }> = [];

  constructor(
    private readonly read: (range: MetricRange) => Promise<AccountAlarmHistory>,
    private readonly closedEnd: number,
  ) {}

  async block(start: number): Promise<AccountAlarmHistory> {
    const end = start + HISTORY_BLOCK_MS;
    let span = this.spans.find(s => s.start <= start && end <= s.end);
    if (!span) {
      const spanEnd = Math.min(
        this.closedEnd,
        ...this.spans.filter(s => s.start >= end).map(s => s.start),
      );
      span = {
        start,
        end: spanEnd,
        read: this.read({ start, end: spanEnd }),
      };
      this.spans.push(span);
    }
    const all = await span.read;
    return {
      changes: all.changes.filter(change => inRange(change, start, end)),
      // Unreadable items have no usable time: counted once, in the first block.
      skipped: start === span.start ? all.skipped : 0,
    };
  }
}

/**
 * Reads one account+region's alarm history over `range` through the AwsOps
 * cache. Blocks of HISTORY_BLOCK_MS that ended (HISTORY_SETTLE_MS ago) are
 * cached for HISTORY_CLOSED_TTL_MS, as their history cannot change; only the
 * open part since the last closed block is read again, once per live TTL,
 * under one key per account+region that every entity and window shares
 * (stale-while-revalidate). Steady state: one DescribeAlarmHistory call per
 * account+region per live TTL, plus one per hour when a block closes.
 */
export async function readAccountHistory(options: {
  awsOps: AwsOpsService;
  provider: AlarmsProvider;
  clock: Clock;
  target: AwsTarget;
  range: MetricRange;
}): Promise<AccountHistoryRead> {
  const { awsOps, provider, clock, target, range } = options;
  const now = clock();
  const closedEnd =
    Math.floor((now - HISTORY_SETTLE_MS) / HISTORY_BLOCK_MS) * HISTORY_BLOCK_MS;
  const key = `cloudwatch:${provider.source}:history:${target.accountId}:${target.region}`;
  const liveTtl = awsOps.config.cache.liveTtlMs;
  const fill = new ClosedBlocksFill(
    span => provider.describeAlarmHistory(target, span),
    closedEnd,
  );

  const blocks: Promise<Fetched<AccountAlarmHistory>>[] = [];
  const firstBlock =
    Math.floor(range.start / HISTORY_BLOCK_MS) * HISTORY_BLOCK_MS;
  for (
    let start = firstBlock;
    start < Math.min(closedEnd, range.end);
    start += HISTORY_BLOCK_MS
  ) {
    blocks.push(
      awsOps.cache.getOrLoad(
        `${key}:${start}`,
        { ttlMs: HISTORY_CLOSED_TTL_MS, failureTtlMs: liveTtl },
        () => fill.block(start),
      ),
    );
  }
  const open: Promise<Fetched<OpenHistory>> | undefined =
    range.end > closedEnd
      ? awsOps.cache.getOrLoad(
          `${key}:open`,
          { ttlMs: liveTtl, failureTtlMs: liveTtl },
          async () => ({
            start: closedEnd,
            ...(await provider.describeAlarmHistory(target, {
              start: closedEnd,
              end: clock() + 1,
            })),
          }),
        )
      : undefined;
  const [closed, recent] = await Promise.all([Promise.all(blocks), open]);

  const changes = closed.flatMap(block => block.value.changes);
  let skipped = closed.reduce((sum, block) => sum + block.value.skipped, 0);
  if (recent) {
    // A stale open part may reach back into what is now a closed block.
    changes.push(
      ...recent.value.changes.filter(
        change => Date.parse(change.timestamp) >= closedEnd,
      ),
    );
    skipped += recent.value.skipped;
  }
  const fetchedAt =
    recent?.fetchedAt ??
    closed.map(block => block.fetchedAt).sort()[0] ??
    new Date(now).toISOString();
  const stale = oldestStale([...closed, recent]);
  return {
    changes: changes.filter(change => inRange(change, range.start, range.end)),
    skipped,
    fetchedAt,
    ...(stale ? { stale } : {}),
  };
}
