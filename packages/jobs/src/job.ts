import type { Db, JobStatus } from '@mainline/db';

/** A job as handlers and callers see it (a row of `jobs`). */
export interface Job<P = unknown> {
  /** Also the idempotency key a handler gives its side effects (a webhook's Idempotency-Key header). */
  id: string;
  type: string;
  payload: P;
  status: JobStatus;
  runAt: Date;
  key: string | null;
  group: string | null;
  /** Attempts started, this one included while a handler runs. */
  attempts: number;
  maxAttempts: number;
  lockedBy: string | null;
  lockedUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** The job's row as `SELECT *` / `RETURNING *` gives it, on PGlite and node-postgres alike. */
export interface JobRow {
  id: string;
  type: string;
  payload: unknown;
  status: JobStatus;
  run_at: Date | string;
  key: string | null;
  group_key: string | null;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: Date | string | null;
  last_error: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : date(value));

export function jobFromRow<P = unknown>(row: JobRow): Job<P> {
  return {
    id: row.id,
    type: row.type,
    payload: row.payload as P,
    status: row.status,
    runAt: date(row.run_at),
    key: row.key,
    group: row.group_key,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    lockedBy: row.locked_by,
    lockedUntil: maybeDate(row.locked_until),
    lastError: row.last_error,
    createdAt: date(row.created_at),
    finishedAt: maybeDate(row.finished_at),
  };
}

/** Rows of a raw statement run on a drizzle database or transaction (PGlite and node-postgres both answer `{ rows }`). */
export async function rowsOn<T>(db: Db, query: Parameters<Db['execute']>[0]): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
