import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';
import type { Job } from '../job.ts';
import { heldBy } from './held-by.ts';

/** Extends the lease of a job running outside a transaction; false when the attempt no longer holds it. */
export async function renewLease(database: Database, job: Job, workerId: string, leaseMs: number): Promise<boolean> {
  const rows = await database.rows(
    sql`UPDATE jobs SET locked_until = now() + ${leaseMs} * interval '1 millisecond' WHERE ${heldBy(job, workerId)} RETURNING id`,
  );
  return rows.length === 1;
}

/**
 * Takes back running jobs whose lease ran out — their worker died or hung: pending again at once,
 * or, when that was their last attempt, failed with an incident. Rows a live transactional handler
 * holds locked are skipped, whatever their lease says. Returns how many were taken back.
 */
export async function reapExpiredLeases(database: Database, limit = 100): Promise<number> {
  const [row] = await database.rows<{ n: number }>(
    sql`WITH expired AS (
          SELECT id FROM jobs WHERE status = 'running' AND locked_until < now()
          ORDER BY locked_until LIMIT ${limit} FOR UPDATE SKIP LOCKED
        ), reaped AS (
          UPDATE jobs SET
            status = CASE WHEN jobs.attempts >= jobs.max_attempts THEN 'failed' ELSE 'pending' END,
            finished_at = CASE WHEN jobs.attempts >= jobs.max_attempts THEN now() END,
            run_at = now(),
            last_error = 'lease expired: worker ' || coalesce(jobs.locked_by, '?') || ' did not finish attempt ' || jobs.attempts,
            locked_by = NULL, locked_until = NULL
          FROM expired WHERE jobs.id = expired.id
          RETURNING jobs.id, jobs.type, jobs.status, jobs.last_error, jobs.attempts
        ), incident AS (
          INSERT INTO job_incidents (job_id, job_type, error, attempts)
          SELECT id, type, last_error, attempts FROM reaped WHERE status = 'failed'
        )
        SELECT count(*)::int AS n FROM reaped`,
    undefined,
    { prepareAs: 'jobs_reap' },
  );
  return row?.n ?? 0;
}

/**
 * A stopping worker hands back the jobs it still runs outside a transaction (handlers that did not
 * finish within the grace period): pending again at once, the interrupted attempt not counted.
 * Their handlers may still finish, so such a job can run twice — the at-least-once contract.
 */
export async function releaseLeases(database: Database, workerId: string, jobs: Job[]): Promise<number> {
  let released = 0;
  for (const job of jobs) {
    const rows = await database.rows(
      sql`UPDATE jobs SET status = 'pending', run_at = now(), attempts = greatest(attempts - 1, 0), locked_by = NULL, locked_until = NULL,
            last_error = 'released by stopping worker ' || ${workerId}
          WHERE id IN (SELECT id FROM jobs WHERE ${heldBy(job, workerId)} FOR UPDATE SKIP LOCKED) RETURNING id`,
    );
    released += rows.length;
  }
  return released;
}
