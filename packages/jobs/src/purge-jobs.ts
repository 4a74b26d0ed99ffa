import { sql } from 'drizzle-orm';
import { deleteInBatches, type Database } from '@mainline/db';

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
  return deleteInBatches(database, 'jobs', sql`status IN ('done', 'cancelled') AND finished_at < now() - ${olderThanMs} * interval '1 millisecond'`, { ...options, skipLocked: true });
}
