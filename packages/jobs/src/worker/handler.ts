import type { Db } from '@mainline/db';
import type { Job } from '../job.ts';

/**
 * Runs in the transaction that marks the job done: its database writes and the job's completion
 * commit together or not at all, so they happen exactly once even with several server processes
 * (a timer that creates a task creates it once). The handler must use `tx` for every statement.
 */
export interface TransactionalHandler<P = unknown> {
  transactional: true;
  run(job: Job<P>, tx: Db): Promise<unknown>;
}

/**
 * Runs outside any transaction, at least once: for side effects outside the database (webhooks,
 * mail). A worker that dies mid-way leaves the job to run again after its lease, so the effect
 * must be idempotent — pass `job.id` as the idempotency key to whatever it calls.
 */
export type OutsideHandler<P = unknown> = (job: Job<P>) => Promise<unknown>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each handler names its own payload type
export type JobHandler<P = any> = TransactionalHandler<P> | OutsideHandler<P>;

export function isTransactional(handler: JobHandler): handler is TransactionalHandler {
  return typeof handler !== 'function' && handler.transactional === true;
}
