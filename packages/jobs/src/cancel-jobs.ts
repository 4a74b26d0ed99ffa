import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { rowsOn } from './job.ts';

export type CancelTarget = { group: string } | { ids: string[] } | { key: string };

function where(target: CancelTarget) {
  if ('group' in target) return sql`group_key = ${target.group}`;
  if ('key' in target) return sql`key = ${target.key}`;
  return sql`id = ANY(${`{${target.ids.join(',')}}`}::uuid[])`;
}

/**
 * Cancels, in the caller's transaction, the jobs of a group (or given ids, or a key) that are
 * pending — due, waiting for a retry, or a timer — and those running outside a transaction (their
 * outcome is then ignored: no retry, no incident). A job whose handler runs in its transaction
 * right now is not waited for (that could deadlock with the caller): it completes, and its handler
 * sees the caller's change once committed. Returns the number of jobs cancelled.
 */
export async function cancelJobs(tx: Db, target: CancelTarget): Promise<number> {
  if ('ids' in target && target.ids.length === 0) return 0;
  const cancelled = await rowsOn<{ id: string }>(
    tx,
    sql`WITH pending AS (
          UPDATE jobs SET status = 'cancelled', finished_at = now()
          WHERE ${where(target)} AND status = 'pending'
          RETURNING id
        ), running AS (
          UPDATE jobs SET status = 'cancelled', finished_at = now(), locked_by = NULL, locked_until = NULL
          WHERE id IN (SELECT id FROM jobs WHERE ${where(target)} AND status = 'running' FOR UPDATE SKIP LOCKED)
          RETURNING id
        )
        SELECT id FROM pending UNION ALL SELECT id FROM running`,
  );
  return cancelled.length;
}
