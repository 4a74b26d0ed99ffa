import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.ts';

export interface DeleteInBatchesOptions {
  /** Rows deleted per statement, so that a large purge holds no long lock (default 10,000). */
  batch?: number;
  /** Leave rows another transaction holds for the next purge (FOR UPDATE SKIP LOCKED). */
  skipLocked?: boolean;
}

/** Deletes the rows of platform table `table` that match `where`, a batch per statement until fewer than a batch are left; returns how many went. */
export async function deleteInBatches(database: Database, table: string, where: SQL, options: DeleteInBatchesOptions = {}): Promise<number> {
  const batch = options.batch ?? 10_000;
  const name = sql.identifier(table);
  const lock = options.skipLocked ? sql` FOR UPDATE SKIP LOCKED` : sql``;
  let total = 0;
  for (;;) {
    const [row] = await database.rows<{ n: number }>(
      sql`WITH gone AS (DELETE FROM ${name} WHERE id IN (SELECT id FROM ${name} WHERE ${where} LIMIT ${batch}${lock}) RETURNING 1)
          SELECT count(*)::int AS n FROM gone`,
    );
    const n = row?.n ?? 0;
    total += n;
    if (n < batch) return total;
  }
}
