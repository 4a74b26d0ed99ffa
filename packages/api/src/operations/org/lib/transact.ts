import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { ACCESS_CHANNEL, accessCacheOf } from '../../records/lib/caller-access.ts';

/** Runs `work` in one transaction of the context's database. */
export function transact<T>(ctx: OperationContext, work: (tx: Db) => Promise<T>): Promise<T> {
  return ctx.database.db.transaction((tx) => work(tx));
}

/** Whether a database error (possibly wrapped by drizzle) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}

/** PostgreSQL's deadlock_detected and serialization_failure: the transaction was sent back and may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);

/** `transact` again, up to `attempts` times in all, when PostgreSQL sends the transaction back for a deadlock. */
export async function transactRetrying<T>(ctx: OperationContext, work: (tx: Db) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transact(ctx, work);
    } catch (error) {
      if (attempt >= attempts || !RETRYABLE.has(sqlState(error) ?? '')) throw error;
    }
  }
}

/** The SQLSTATE of a database error, possibly wrapped by drizzle (in its `cause`). */
function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * `transact` for changes to the organisation (units, role assignments, users): afterwards every
 * cached business-role access of this process is dropped, so the next request reads it anew, and
 * a notification on commit tells every other server to do the same (followAccessChanges).
 */
export async function transactOrg<T>(ctx: OperationContext, work: (tx: Db) => Promise<T>): Promise<T> {
  try {
    return await transact(ctx, async (tx) => {
      const result = await work(tx);
      await ctx.database.notify(ACCESS_CHANNEL, 'org', tx);
      return result;
    });
  } finally {
    accessCacheOf(ctx.database).invalidate();
  }
}
