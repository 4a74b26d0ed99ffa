import { sql } from 'drizzle-orm';
import type { Job } from '../job.ts';

/**
 * The job's row while this attempt still holds it: running, claimed by this worker, same attempt.
 * An attempt whose lease was taken over (or that was cancelled) matches nothing, so it can neither
 * complete nor fail a job that is no longer its own.
 */
export function heldBy(job: Pick<Job, 'id' | 'attempts'>, workerId: string) {
  return sql`id = ${job.id} AND status = 'running' AND locked_by = ${workerId} AND attempts = ${job.attempts}`;
}
