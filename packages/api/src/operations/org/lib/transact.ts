import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { ACCESS_CHANNEL, accessCacheOf } from '../../records/lib/caller-access.ts';

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
