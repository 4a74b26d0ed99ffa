import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { JOBS_CHANNEL } from '../channel.ts';
import { IncidentError } from './incident-error.ts';
import { openIncident } from './open-incident.ts';

export interface RetryIncidentOptions {
  /** Attempts the job gets anew (default: its max_attempts again). */
  attempts?: number;
}

/**
 * Resolves an open incident by queueing its failed job again, due now, with a fresh set of
 * attempts (its last error is kept until it runs). In the caller's transaction.
 */
export async function retryIncident(tx: Db, incidentId: string, options: RetryIncidentOptions = {}): Promise<void> {
  const incident = await openIncident(tx, incidentId);
  if (incident.job_id === null) throw new IncidentError('jobs.incident.job-purged', `the job of incident ${incidentId} was purged`);
  const attempts = options.attempts ?? null;
  await tx.execute(
    sql`UPDATE jobs SET status = 'pending', run_at = now(), attempts = 0, finished_at = NULL,
          max_attempts = coalesce(${attempts}::int, max_attempts)
        WHERE id = ${incident.job_id} AND status = 'failed'`,
  );
  await tx.execute(sql`UPDATE job_incidents SET resolved_at = now(), resolution = 'retried' WHERE id = ${incidentId}`);
  await tx.execute(sql`SELECT pg_notify(${JOBS_CHANNEL}, '')`);
}
