import { eq } from 'drizzle-orm';
import { processTasks, type Db } from '@mainline/db';
import type { UserTaskNode } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';
import { requireReader } from '../../records/lib/read-scope.ts';
import { resolveCallerAccess } from '../../records/lib/caller-access.ts';
import { versionById, versionInForce } from '../../records/lib/version-in-force.ts';
import { instanceDefinition } from './process-runtime.ts';
import { candidacy, isCandidate, type Candidacy } from './task-candidates.ts';

export type TaskRow = typeof processTasks.$inferSelect;

export function taskNotFound(id: string): OperationError {
  const message = `There is no open task ${JSON.stringify(id)} for you.`;
  return new OperationError(404, 'process.task-not-found', message, [{ pointer: '/id', code: 'process.task-not-found', message }]);
}

/**
 * Before the transaction (where PGlite's one connection is the transaction's): the caller's
 * candidacy in their version, and their access resolved in the version the task's instance runs
 * on (form values are written in it).
 */
export async function taskCaller(ctx: OperationContext, id: unknown): Promise<Candidacy> {
  requireReader(ctx);
  if (typeof id !== 'string' || !isUuid(id)) throw taskNotFound(String(id));
  const version = await versionInForce(ctx);
  const [task] = await ctx.database.db.select({ versionId: processTasks.versionId }).from(processTasks).where(eq(processTasks.id, id));
  if (task && task.versionId !== version.id) await resolveCallerAccess(ctx, await versionById(ctx, task.versionId));
  return candidacy(ctx, version);
}

/**
 * The task, locked for the rest of the transaction, with its node: 404 when it does not exist or
 * the caller may not work on it (no task probing), 409 when it is no longer open.
 */
export async function lockTask(ctx: OperationContext, tx: Db, id: string, mine: Candidacy): Promise<{ task: TaskRow; node: UserTaskNode }> {
  const [task] = await tx.select().from(processTasks).where(eq(processTasks.id, id)).for('update');
  if (!task) throw taskNotFound(id);
  if (task.status !== 'open') {
    if (task.assigneeId === mine.userId || task.completedBy === mine.userId) {
      throw new OperationError(409, 'process.task-closed', `The task ${id} is ${task.status} already.`, [{ pointer: '/id', code: 'process.task-closed', message: `The task is ${task.status}.` }]);
    }
    throw taskNotFound(id);
  }
  if (!isCandidate(mine, task)) throw taskNotFound(id);
  const { process } = await instanceDefinition(ctx, task, tx);
  const node = process.nodes.find((n) => n.id === task.nodeId);
  if (node?.type !== 'userTask') throw new Error(`task ${id} is at ${task.nodeId}, which is not a user task of ${task.processId} v${task.versionId}`);
  return { task, node };
}
