import { eq } from 'drizzle-orm';
import { processEvents, processTasks } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { lockTask, taskCaller, taskTransaction, type TaskRow } from './lib/task-rows.ts';

export interface TaskIdInput {
  id: string;
}

/** Takes an unclaimed role or queue task: it becomes the caller's alone. 409 when it is someone's already. */
export async function claimTask(ctx: OperationContext, input: TaskIdInput): Promise<TaskRow> {
  const mine = await taskCaller(ctx, input.id);
  return taskTransaction(ctx, mine, async (tx) => {
    const { task } = await lockTask(ctx, tx, input.id, mine);
    if (task.assigneeId !== null) throw new OperationError(409, 'process.task-claimed', 'The task is assigned already.', [{ pointer: '/id', code: 'process.task-claimed', message: 'Assigned already.' }]);
    const now = new Date();
    const [claimed] = await tx.update(processTasks).set({ assigneeId: ctx.actor.userId, claimedAt: now }).where(eq(processTasks.id, task.id)).returning();
    await tx.insert(processEvents).values({ instanceId: task.instanceId, taskId: task.id, type: 'task.claimed', nodeId: task.nodeId, at: now, actorId: ctx.actor.userId });
    return claimed!;
  });
}

/** Gives a claimed task back to its role or queue. 409 for a task that was assigned to the caller by name (it has nowhere to go back to). */
export async function unclaimTask(ctx: OperationContext, input: TaskIdInput): Promise<TaskRow> {
  const mine = await taskCaller(ctx, input.id);
  return taskTransaction(ctx, mine, async (tx) => {
    const { task } = await lockTask(ctx, tx, input.id, mine);
    if (task.assigneeId !== ctx.actor.userId || task.claimedAt === null) {
      throw new OperationError(409, 'process.task-not-claimed', 'Only a task you claimed can be given back.', [{ pointer: '/id', code: 'process.task-not-claimed', message: 'Not claimed by you.' }]);
    }
    const now = new Date();
    const [released] = await tx.update(processTasks).set({ assigneeId: null, claimedAt: null }).where(eq(processTasks.id, task.id)).returning();
    await tx.insert(processEvents).values({ instanceId: task.instanceId, taskId: task.id, type: 'task.unclaimed', nodeId: task.nodeId, at: now, actorId: ctx.actor.userId });
    return released!;
  });
}
