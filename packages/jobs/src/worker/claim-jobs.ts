import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';
import { jobFromRow, type Job, type JobRow } from '../job.ts';

export interface ClaimOptions {
  workerId: string;
  /** Only jobs this worker has handlers for. */
  types: readonly string[];
  limit: number;
  leaseMs: number;
}

export const typeIn = (types: readonly string[]) => sql`type IN (${sql.join(
  types.map((t) => sql`${t}`),
  sql`, `,
)})`;

/**
 * Takes up to `limit` due jobs, oldest due first: rows another worker is claiming at the same
 * moment are skipped (SKIP LOCKED), and each one taken is marked running under this worker's lease,
 * its attempt counted — committed before any handler runs, so a job that kills its worker still
 * counts its attempts.
 */
export async function claimJobs(database: Database, options: ClaimOptions): Promise<Job[]> {
  const rows = await database.rows<JobRow>(
    sql`WITH due AS (
          SELECT id FROM jobs
          WHERE status = 'pending' AND run_at <= now() AND ${typeIn(options.types)}
          ORDER BY run_at
          LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE jobs SET status = 'running', attempts = jobs.attempts + 1, locked_by = ${options.workerId},
          locked_until = now() + ${options.leaseMs} * interval '1 millisecond'
        FROM due WHERE jobs.id = due.id
        RETURNING jobs.*`,
    undefined,
    { prepareAs: 'jobs_claim' },
  );
  return rows.map((row) => jobFromRow(row)).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/** Milliseconds until the next pending job of these types is due (0 when one is due now), or null when none is pending. */
export async function nextDueMs(database: Database, types: readonly string[]): Promise<number | null> {
  const [row] = await database.rows<{ ms: number | null }>(
    sql`SELECT greatest(0, extract(epoch FROM min(run_at) - now()) * 1000)::float8 AS ms
        FROM jobs WHERE status = 'pending' AND ${typeIn(types)}`,
    undefined,
    { prepareAs: 'jobs_next_due' },
  );
  return row?.ms ?? null;
}
