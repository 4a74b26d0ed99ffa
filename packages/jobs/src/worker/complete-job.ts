import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { rowsOn, type Job } from '../job.ts';
import { heldBy } from './held-by.ts';

/** Marks the attempt's job done (in `db`, which may be the handler's transaction); false when the attempt no longer holds it. */
export async function completeJob(db: Db, job: Job, workerId: string): Promise<boolean> {
  const done = await rowsOn(
    db,
    sql`UPDATE jobs SET status = 'done', finished_at = now(), locked_by = NULL, locked_until = NULL, last_error = NULL
        WHERE ${heldBy(job, workerId)} RETURNING id`,
  );
  return done.length === 1;
}
