import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';
import type { Job } from '../job.ts';
import { heldBy } from './held-by.ts';
import { isPermanentFailure } from './permanent-failure.ts';

const MAX_ERROR_LENGTH = 8_000;

/** The text kept of an error: its stack (which starts with the message) or its string form, cut at 8,000 characters. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}…` : text;
}

/**
 * Records a failed attempt in one statement: back to pending, due after `retryInMs`, while
 * attempts remain and the error is not a PermanentJobError; else failed, with an incident opened in
 * the same statement. 'lost' when the attempt no longer holds the job (its lease was taken over, or
 * it was cancelled).
 */
export async function failJob(database: Database, job: Job, workerId: string, error: unknown, retryInMs: number): Promise<'retry' | 'failed' | 'lost'> {
  const last = isPermanentFailure(error) ? sql`true` : sql`attempts >= max_attempts`;
  const [row] = await database.rows<{ status: 'pending' | 'failed' }>(
    sql`WITH failed AS (
          UPDATE jobs SET
            status = CASE WHEN ${last} THEN 'failed' ELSE 'pending' END,
            run_at = CASE WHEN ${last} THEN run_at ELSE now() + ${retryInMs} * interval '1 millisecond' END,
            finished_at = CASE WHEN ${last} THEN now() END,
            last_error = ${errorText(error)}, locked_by = NULL, locked_until = NULL
          WHERE ${heldBy(job, workerId)}
          RETURNING id, type, status, last_error, attempts
        ), incident AS (
          INSERT INTO job_incidents (job_id, job_type, error, attempts)
          SELECT id, type, last_error, attempts FROM failed WHERE status = 'failed'
        )
        SELECT status FROM failed`,
  );
  if (!row) return 'lost';
  return row.status === 'failed' ? 'failed' : 'retry';
}
