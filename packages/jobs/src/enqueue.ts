import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { JOBS_CHANNEL } from './channel.ts';
import { jobFromRow, rowsOn, type Job, type JobRow } from './job.ts';

export interface EnqueueInput<P = unknown> {
  /** Names the handler that runs it (`startWorker`'s `handlers`). */
  type: string;
  /** JSON; stored as jsonb. */
  payload?: P;
  /** When it is due (a timer). Default: now — the database's clock, as for `delayMs`. */
  runAt?: Date;
  /** Due this many milliseconds after now (the database's clock); ignored when `runAt` is given. */
  delayMs?: number;
  /**
   * Idempotency key: while a job with this key exists (whatever its status, until purged), another
   * enqueue with it writes nothing and returns that job.
   */
  key?: string;
  /** Cancelled together with `cancelJobs(tx, { group })` — for example every timer of one task. */
  group?: string;
  /** Attempts before the job fails for good and an incident is opened (default 5). */
  maxAttempts?: number;
}

export interface Enqueued<P = unknown> {
  job: Job<P>;
  /** False when a job with the same key was already there (and is returned instead). */
  created: boolean;
}

/**
 * Writes a job in the caller's transaction: it exists, and workers see it, only if that
 * transaction commits. A job due soon wakes the workers of every server process on commit.
 */
export async function enqueue<P = unknown>(tx: Db, input: EnqueueInput<P>): Promise<Enqueued<P>> {
  const maxAttempts = input.maxAttempts ?? 5;
  if (!input.type) throw new Error('a job needs a type');
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be a positive integer, not ${maxAttempts}`);
  const runAt = input.runAt ? sql`${input.runAt.toISOString()}::timestamptz` : sql`now() + ${input.delayMs ?? 0} * interval '1 millisecond'`;
  // the notification goes with the inserted row only, in the same round trip; PostgreSQL sends it
  // on commit, once per transaction however many jobs it enqueues (equal notifications are folded)
  const [inserted] = await rowsOn<JobRow>(
    tx,
    sql`WITH inserted AS (
          INSERT INTO jobs (type, payload, run_at, key, group_key, max_attempts)
          VALUES (${input.type}, ${JSON.stringify(input.payload ?? {})}::jsonb, ${runAt}, ${input.key ?? null}, ${input.group ?? null}, ${maxAttempts})
          ON CONFLICT (key) DO NOTHING
          RETURNING *
        )
        SELECT inserted.*, pg_notify(${JOBS_CHANNEL}, '')::text AS notified FROM inserted`,
  );
  if (inserted) return { job: jobFromRow<P>(inserted), created: true };
  // the key is taken; this statement's snapshot also sees a row committed by a concurrent enqueue
  const [existing] = await rowsOn<JobRow>(tx, sql`SELECT * FROM jobs WHERE key = ${input.key ?? null}`);
  if (!existing) throw new Error(`job key ${input.key} conflicted but no job has it`);
  return { job: jobFromRow<P>(existing), created: false };
}
