import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * pending → running → done; a failed attempt goes back to pending (run later, with backoff) until
 * the last one, which ends in failed with an incident. cancelled: taken back before it ran.
 */
export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

/**
 * The durable job queue (@mainline/jobs, docs/jobs.md): timers, side effects and background work,
 * written in the transaction of the change that causes them and claimed by workers of any server
 * process with `FOR UPDATE SKIP LOCKED` and a lease.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull().default(sql`'{}'::jsonb`),
    status: text('status').$type<JobStatus>().notNull().default('pending'),
    /** When the job is due; a timer is a job with a run_at in the future. */
    runAt: timestamp('run_at', { withTimezone: true }).notNull().defaultNow(),
    /** Idempotency key: a second enqueue with the same key returns the job already there. */
    key: text('key'),
    /** Jobs that are cancelled together (for example all timers of one task). */
    groupKey: text('group_key'),
    /** Attempts started so far (counted when claimed, so an attempt that kills its worker counts). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(5),
    /** The worker holding the job while running, until `locked_until` (its lease). */
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('jobs_key').on(t.key),
    // the claim: due pending jobs in run_at order
    index('jobs_due').on(t.runAt).where(sql`${t.status} = 'pending'`),
    // lease expiry: running jobs whose worker stopped renewing
    index('jobs_lease').on(t.lockedUntil).where(sql`${t.status} = 'running'`),
    index('jobs_group').on(t.groupKey).where(sql`${t.status} in ('pending', 'running')`),
    // purge of finished jobs
    index('jobs_finished').on(t.finishedAt).where(sql`${t.status} in ('done', 'cancelled')`),
  ],
);

/** A job that failed its last attempt (or whose worker died on it once too often), until resolved. */
export const jobIncidents = pgTable(
  'job_incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null once the job itself has been purged; type and error are kept here. */
    jobId: uuid('job_id').references(() => jobs.id, { onDelete: 'set null' }),
    jobType: text('job_type').notNull(),
    error: text('error').notNull(),
    attempts: integer('attempts').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** 'retried' (the job was queued again) or 'dismissed'. */
    resolution: text('resolution').$type<'retried' | 'dismissed'>(),
  },
  (t) => [index('job_incidents_open').on(t.createdAt).where(sql`${t.resolvedAt} is null`), index('job_incidents_job').on(t.jobId)],
);
