import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';

/** Runs `work` in one transaction of the context's database. */
export function transact<T>(ctx: OperationContext, work: (tx: Db) => Promise<T>): Promise<T> {
  return ctx.database.db.transaction((tx) => work(tx));
}

/** Whether a database error (possibly wrapped by drizzle) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error || (typeof e === 'object' && e !== null); e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
    if (!(e as { cause?: unknown }).cause) break;
  }
  return false;
}
