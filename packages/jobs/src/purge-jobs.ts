import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';

export interface PurgeOptions {
  /** Jobs done or cancelled longer ago than this are deleted (default 7 days). */
  olderThanMs?: number;
  /** Rows deleted per statement, so that a large purge holds no long lock (default 10,000). */
  batch?: number;
}

/**
 * Deletes done and cancelled jobs finished more than `olderThanMs` ago, in batches; returns how
 * many. Failed jobs stay while their incident is there to be retried. A purged job's key can be
 * used again.
 */
export async function purgeJobs(database: Database, options: PurgeOptions = {}): Promise<number> {
  const olderThanMs = options.olderThanMs ?? 7 * 24 * 3_600_000;
  const batch = options.batch ?? 10_000;
  let total = 0;
  for (;;) {
    const [row] = await database.rows<{ n: number }>(
      sql`WITH gone AS (
            DELETE FROM jobs WHERE id IN (
              SELECT id FROM jobs WHERE status IN ('done', 'cancelled') AND finished_at < now() - ${olderThanMs} * interval '1 millisecond'
              LIMIT ${batch} FOR UPDATE SKIP LOCKED)
            RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    const n = row?.n ?? 0;
    total += n;
    if (n < batch) return total;
  }
}
