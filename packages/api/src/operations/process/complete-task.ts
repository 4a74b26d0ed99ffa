import { EngineError } from '@mainline/engine';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { applyUpdate } from '../records/lib/apply-update.ts';
import { withStepFieldRights } from '../records/lib/field-access.ts';
import { writerUser } from '../records/lib/record-env.ts';
import { notFound } from '../records/lib/record-rows.ts';
import { checkRecordAccess } from '../records/lib/write-scope.ts';
import { advanceLockedInstance } from './lib/process-runtime.ts';
import { taskCaller, taskTransaction, type TaskRow } from './lib/task-rows.ts';
import { lockTaskWork } from './lib/task-work.ts';

export interface CompleteTaskInput {
  id: string;
  /** One of the task's outcomes (approve, reject, …). */
  outcome: string;
  /** Values of the task's form: written to the record with the step's field rights before the process moves on. */
  values?: Record<string, unknown>;
  comment?: string;
}

/**
 * Completes the caller's task (theirs, or an unclaimed one they may take — it is claimed on the
 * way) with an outcome: the form values are validated and written like an update, with the step's
 * field rights (its editable fields opened to the assignee, its locked fields closed), and the
 * instance moves on — all in one transaction with the record change.
 */
export async function completeTask(ctx: OperationContext, input: CompleteTaskInput): Promise<TaskRow> {
  const mine = await taskCaller(ctx, input.id);
  return taskTransaction(ctx, mine, async (tx) => {
    const work = await lockTaskWork(ctx, tx, input.id, mine);
    const { task, node, target } = work;
    const outcome = node.outcomes.find((o) => o.id === input.outcome);
    if (!outcome) {
      const message = `"${String(input.outcome)}" is not an outcome of this task; it has ${node.outcomes.map((o) => `"${o.id}"`).join(', ')}.`;
      throw new OperationError(422, 'process.outcome-unknown', message, [{ pointer: '/outcome', code: 'process.outcome-unknown', message }]);
    }
    const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
    if (outcome.requiresComment === true && comment === '') {
      const message = `The outcome "${outcome.id}" needs a comment.`;
      throw new OperationError(422, 'process.comment-required', message, [{ pointer: '/comment', code: 'process.comment-required', message }]);
    }
    let { record } = work;
    const values = input.values ?? {};
    if (Object.keys(values).length > 0) {
      const rights = { editable: new Set(node.editableFields ?? []), locked: new Set(node.lockedFields ?? []) };
      const after = await withStepFieldRights(ctx, rights, async () => {
        // form values are an update of the record: the assignee's update grant decides whether, the step which fields
        checkRecordAccess(ctx, target, 'update', { before: record }, () => notFound(target, task.recordId));
        const { deletedAt: _deletedAt, ...before } = record;
        return applyUpdate(ctx, tx, target, before, values, { now: new Date(), action: 'record.update', details: { task: task.id } });
      });
      // the record as the process goes on with it: as written (and as the processes the write started left it), still locked
      record = Object.fromEntries(Object.keys(record).map((key) => [key, key === 'deletedAt' ? null : after[key]]));
    }
    try {
      await advanceLockedInstance(ctx, tx, { ...work, record }, { type: 'taskCompleted', taskId: task.id, outcome: outcome.id, ...(comment ? { comment } : {}) }, writerUser(ctx));
    } catch (error) {
      if (error instanceof EngineError) throw new OperationError(409, error.code, error.message);
      throw error;
    }
    return { ...task, status: 'completed', outcome: outcome.id, assigneeId: task.assigneeId ?? ctx.actor.userId, completedBy: ctx.actor.userId, completedAt: new Date() };
  });
}
