import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';
import { rowsOn, type Job } from '../job.ts';
import { backoffDelay, type BackoffOptions } from '../backoff.ts';
import { completeJob } from './complete-job.ts';
import { failJob } from './fail-job.ts';
import { heldBy } from './held-by.ts';
import { isTransactional, type JobHandler } from './handler.ts';
import { renewLease } from './leases.ts';

export interface RunContext {
  database: Database;
  workerId: string;
  leaseMs: number;
  backoff: BackoffOptions;
}

/** What became of one attempt. */
export type AttemptOutcome = 'done' | 'retry' | 'failed' | 'lost';

/**
 * Runs one claimed attempt with its handler and records the outcome. A transactional handler runs
 * in a transaction that first locks the job's row (so no other worker can take it over, whatever
 * its lease says) and marks it done before committing.
 */
export async function runJob(context: RunContext, job: Job, handler: JobHandler): Promise<AttemptOutcome> {
  const { database, workerId } = context;
  try {
    if (isTransactional(handler)) {
      const outcome = await database.db.transaction(async (tx) => {
        const held = await rowsOn(tx, sql`SELECT id FROM jobs WHERE ${heldBy(job, workerId)} FOR UPDATE`);
        if (held.length === 0) return 'lost' as const;
        await handler.run(job, tx);
        return (await completeJob(tx, job, workerId)) ? ('done' as const) : ('lost' as const);
      });
      return outcome;
    }
    const renew = setInterval(() => void renewLease(database, job, workerId, context.leaseMs).catch(() => undefined), Math.max(10, context.leaseMs / 3));
    renew.unref();
    try {
      await handler(job);
    } finally {
      clearInterval(renew);
    }
    return (await completeJob(database.db, job, workerId)) ? 'done' : 'lost';
  } catch (error) {
    return failJob(database, job, workerId, error, backoffDelay(job.attempts, context.backoff));
  }
}
