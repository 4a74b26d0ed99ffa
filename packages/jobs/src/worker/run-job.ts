import type { Database } from '@mainline/db';
import type { Job } from '../job.ts';
import { backoffDelay, type BackoffOptions } from '../backoff.ts';
import { completeJob } from './complete-job.ts';
import { failJob } from './fail-job.ts';
import { isTransactional, type JobHandler } from './handler.ts';
import { renewLease } from './leases.ts';
import { requestedRetryDelay } from './retry-delay.ts';

export interface RunContext {
  database: Database;
  workerId: string;
  leaseMs: number;
  backoff: BackoffOptions;
}

/**
 * What became of one attempt: `done`; `retry` (it failed and will run again after its backoff);
 * `failed` (its last attempt failed: an incident is open); `lost` (the attempt no longer held the
 * job — its lease was taken over, or it was cancelled — so its outcome was not recorded).
 */
export interface AttemptOutcome {
  status: 'done' | 'retry' | 'failed' | 'lost';
  /** What the handler threw (retry, failed, or lost after a failure). */
  error?: unknown;
}

/**
 * Runs one claimed attempt with its handler and records the outcome. A transactional handler runs
 * in the transaction that marks the job done, which first locks the job's row — so no other worker
 * can take it over, whatever its lease says — and commits the handler's writes with the completion.
 */
export async function runJob(context: RunContext, job: Job, handler: JobHandler): Promise<AttemptOutcome> {
  const { database, workerId } = context;
  try {
    if (isTransactional(handler)) {
      return await database.db.transaction(async (tx) => {
        // done first: the row stays locked by this transaction while the handler runs, and a
        // failing handler rolls the completion back with its own writes
        if (!(await completeJob(tx, job, workerId))) return { status: 'lost' as const };
        await handler.run(job, tx);
        return { status: 'done' as const };
      });
    }
    const renew = setInterval(() => void renewLease(database, job, workerId, context.leaseMs).catch(() => undefined), Math.max(10, context.leaseMs / 3));
    renew.unref();
    try {
      await handler(job);
    } finally {
      clearInterval(renew);
    }
    return { status: (await completeJob(database.db, job, workerId)) ? 'done' : 'lost' };
  } catch (error) {
    return { status: await failJob(database, job, workerId, error, requestedRetryDelay(error) ?? backoffDelay(job.attempts, context.backoff)), error };
  }
}
