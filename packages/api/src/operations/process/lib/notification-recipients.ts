import { sql } from 'drizzle-orm';
import type { AssigneeTarget } from '@mainline/engine';
import type { ActiveVersion, Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { taskAssignment } from './task-assignees.ts';

/**
 * The active users a notification goes to. Each recipient is a target the engine resolved from
 * the configuration (the task's assignee, the owner, roles, usernames). Two things only the
 * database knows: a role or queue task someone claimed (or was given) is theirs now — "the
 * assignee" is that person, not every candidate; an unclaimed role task's candidates are the
 * role's holders in the unit the task went to; and a queue's members are the active holders of
 * its member roles, in any unit (like the queue's tasks).
 */
export async function notificationRecipients(ctx: OperationContext, tx: Db, version: ActiveVersion, recipients: readonly AssigneeTarget[], taskId: string | null): Promise<string[]> {
  const [task] =
    taskId === null
      ? []
      : await ctx.database.rows<TaskHolders>(sql`SELECT assignee_id::text AS assignee, candidate_role AS role, candidate_unit::text AS unit, queue_id AS queue FROM process_tasks WHERE id = ${taskId}::uuid`, tx);
  const users = new Set<string>();
  for (const recipient of recipients) {
    for (const id of await recipientUsers(ctx, tx, version, recipient, task)) users.add(id);
  }
  return [...users];
}

interface TaskHolders {
  assignee: string | null;
  role: string | null;
  unit: string | null;
  queue: string | null;
}

/** One recipient's users; the task's own role or queue stands for whoever holds the task, else its candidates where it went. */
async function recipientUsers(ctx: OperationContext, tx: Db, version: ActiveVersion, recipient: AssigneeTarget, task: TaskHolders | undefined): Promise<string[]> {
  const isTasks = task !== undefined && ((recipient.type === 'role' && recipient.role === task.role) || (recipient.type === 'queue' && recipient.queue === task.queue));
  if (isTasks && task.assignee !== null) return [task.assignee];
  if (isTasks && recipient.type === 'role') return roleHolders(ctx, tx, [recipient.role], task.unit);
  return targetUsers(ctx, tx, version, recipient);
}

/** The active users a target stands for: the user; the holders of the role where the task would go; the holders of a queue's member roles. */
async function targetUsers(ctx: OperationContext, tx: Db, version: ActiveVersion, target: AssigneeTarget): Promise<string[]> {
  const assignment = await taskAssignment(ctx, tx, target);
  if (assignment.assigneeId) return [assignment.assigneeId];
  const roles = assignment.candidateRole ? [assignment.candidateRole] : assignment.queueId ? (version.package.queues?.find((q) => q.id === assignment.queueId)?.members.roles ?? []) : [];
  if (roles.length === 0) return [];
  return roleHolders(ctx, tx, roles, assignment.candidateRole ? assignment.candidateUnit : null);
}

/** Active holders of any of `roles` in `unit` (null: in any unit). */
async function roleHolders(ctx: OperationContext, tx: Db, roles: readonly string[], unit: string | null): Promise<string[]> {
  const rows = await ctx.database.rows<{ id: string }>(
    sql`SELECT DISTINCT ra.user_id::text AS id FROM role_assignments AS ra JOIN users AS u ON u.id = ra.user_id AND u.disabled_at IS NULL
         WHERE ra.role_id = ANY(${sql.param([...roles])}::text[]) AND ra.retired_at IS NULL AND (${unit}::uuid IS NULL OR ra.org_unit_id = ${unit}::uuid)`,
    tx,
  );
  return rows.map((r) => r.id);
}
