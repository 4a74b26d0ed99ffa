import { eq } from 'drizzle-orm';
import { processEvents, processTasks } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { activeOwnerProblem } from '../records/lib/ownership.ts';
import { callerLocale } from '../records/lib/prepare-write.ts';
import { lockTask, taskCaller, taskTransaction, type TaskRow } from './lib/task-rows.ts';

export interface DelegateTaskInput {
  id: string;
  /** The user (id) who takes the task over. */
  to: string;
  comment?: string;
}

/** Hands the caller's task (theirs by name or claimed) to another active user. */
export async function delegateTask(ctx: OperationContext, input: DelegateTaskInput): Promise<TaskRow> {
  const mine = await taskCaller(ctx, input.id);
  return taskTransaction(ctx, mine, async (tx) => {
    const { task } = await lockTask(ctx, tx, input.id, mine);
    if (task.assigneeId !== ctx.actor.userId) {
      throw new OperationError(409, 'process.task-not-yours', 'Claim the task before you delegate it.', [{ pointer: '/id', code: 'process.task-not-yours', message: 'Not assigned to you.' }]);
    }
    const inactive = await activeOwnerProblem(ctx, tx, input.to, '/to', callerLocale(ctx));
    if (inactive) throw new OperationError(422, 'process.invalid', inactive.message, [inactive]);
    const now = new Date();
    const [delegated] = await tx.update(processTasks).set({ assigneeId: input.to, claimedAt: now }).where(eq(processTasks.id, task.id)).returning();
    await tx.insert(processEvents).values({ instanceId: task.instanceId, taskId: task.id, type: 'task.delegated', nodeId: task.nodeId, at: now, actorId: ctx.actor.userId, details: { to: input.to, comment: input.comment ?? null } });
    return delegated!;
  });
}
