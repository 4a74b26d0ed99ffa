import { sql } from 'drizzle-orm';
import type { AssigneeTarget } from '@mainline/engine';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';

/** Where a task goes, as stored in process_tasks. */
export interface TaskAssignment {
  assigneeId: string | null;
  candidateRole: string | null;
  candidateUnit: string | null;
  queueId: string | null;
}

/**
 * A task's assignee as stored: a user (by id, or by username — an unknown or disabled one leaves
 * the task unassigned, to be reassigned by an admin); the holders of a role in the record's unit
 * or, failing that, the nearest unit above with a holder (none anywhere: the role in any unit);
 * or a queue.
 */
export async function taskAssignment(ctx: OperationContext, tx: Db, target: AssigneeTarget): Promise<TaskAssignment> {
  const none: TaskAssignment = { assigneeId: null, candidateRole: null, candidateUnit: null, queueId: null };
  switch (target.type) {
    case 'user':
      return { ...none, assigneeId: target.userId };
    case 'username': {
      const [user] = await ctx.database.rows<{ id: string }>(sql`SELECT id::text AS id FROM users WHERE lower(username) = lower(${target.username}) AND disabled_at IS NULL`, tx);
      return { ...none, assigneeId: user?.id ?? null };
    }
    case 'role':
      return { ...none, candidateRole: target.role, candidateUnit: await nearestHolderUnit(ctx, tx, target.role, target.orgUnit) };
    case 'queue':
      return { ...none, queueId: target.queue };
  }
}

/** The unit at or above `orgUnit` nearest to it where an active user holds `role`; null when there is none. */
async function nearestHolderUnit(ctx: OperationContext, tx: Db, role: string, orgUnit: string | null): Promise<string | null> {
  if (orgUnit === null) return null;
  const [row] = await ctx.database.rows<{ unit: string }>(
    sql`SELECT u.id::text AS unit
          FROM org_units AS here
          JOIN org_units AS u ON here.path LIKE u.path || '%'
         WHERE here.id = ${orgUnit}::uuid
           AND EXISTS (SELECT 1 FROM role_assignments AS ra JOIN users AS h ON h.id = ra.user_id AND h.disabled_at IS NULL
                        WHERE ra.org_unit_id = u.id AND ra.role_id = ${role} AND ra.retired_at IS NULL)
         ORDER BY length(u.path) DESC
         LIMIT 1`,
    tx,
  );
  return row?.unit ?? null;
}
