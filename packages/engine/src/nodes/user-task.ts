import type { Escalation, UserTaskNode } from '@mainline/model';
import { resolveAssignee } from '../assignee.ts';
import { addDuration } from '../duration.ts';
import type { NodeLeaveEffect, TaskCancelEffect, TaskCompleteEffect } from '../effects.ts';
import { evaluateTime } from '../evaluate.ts';
import { raiseIncident, resolveObsoleteIncidents } from '../incidents.ts';
import { takeOutgoing } from '../leave-node.ts';
import { type ActiveToken, type Run, takeToken } from '../run.ts';
import type { OpenTask } from '../types.ts';

/**
 * A user task: the assignee is resolved from the record, the due time from the SLA (`due` from
 * now, or `dueExpression`; an expression that gives no time means no due time), each escalation
 * is scheduled `after` from now, and the token waits for the task. An assignee that cannot be
 * resolved (an empty user field, an expression without a result) stops the token with an
 * incident; a retry creates the task then.
 */
export function executeUserTask(run: Run, token: ActiveToken, node: UserTaskNode): void {
  const assignee = resolveAssignee(run, node.assignee);
  if (!assignee.ok) {
    raiseIncident(run, { node: node.id, reason: assignee.reason, message: assignee.message, retry: { kind: 'execute' }, stops: token });
    return;
  }
  let dueAt: string | null = null;
  if (node.sla?.due !== undefined) {
    dueAt = addDuration(run.env.now, node.sla.due).toISOString();
  } else if (node.sla?.dueExpression !== undefined) {
    const due = evaluateTime(run, node.sla.dueExpression, `The due time of task "${node.id}"`);
    if (!due.ok) {
      raiseIncident(run, { node: node.id, reason: 'process.expression-failed', message: due.message, retry: { kind: 'execute' }, stops: token });
      return;
    }
    dueAt = due.value?.toISOString() ?? null;
  }
  const task: OpenTask = { id: run.env.newId(), node: node.id, tokenId: token.id, assignee: assignee.target, createdAt: run.at, dueAt };
  run.state.tasks.push(task);
  run.state.tokens.push({ ...token, waitsFor: { type: 'task', taskId: task.id } });
  run.effects.push({ type: 'task.create', taskId: task.id, node: node.id, tokenId: token.id, assignee: task.assignee, createdAt: task.createdAt, dueAt });
  for (const escalation of node.sla?.escalations ?? []) scheduleEscalation(run, task, escalation, 0, addDuration(run.env.now, escalation.after));
}

export function scheduleEscalation(run: Run, task: OpenTask, escalation: Escalation, repeat: number, due: Date): void {
  const id = run.env.newId();
  const dueAt = due.toISOString();
  run.state.timers.push({ id, kind: 'escalation', node: task.node, tokenId: task.tokenId, taskId: task.id, escalation: escalation.id, repeat, dueAt });
  run.effects.push({ type: 'timer.schedule', timerId: id, dueAt, node: task.node, tokenId: task.tokenId, kind: 'escalation', taskId: task.id, escalation: escalation.id, repeat });
}

/** Completes an open task with an outcome (by its assignee or an escalation) and leads the token on along that outcome's edges. */
export function completeTask(run: Run, task: OpenTask, outcome: string, by: TaskCompleteEffect['by'], comment: string | null): void {
  run.effects.push({ type: 'task.complete', taskId: task.id, node: task.node, outcome, at: run.at, by, comment });
  const token = closeTask(run, task);
  if (token) takeOutgoing(run, token, outcome, { sla: slaOf(run, task) });
}

/** Cancels an open task (an interrupting escalation, the end of the instance, a restart on another version); returns its token, taken out of the state. */
export function cancelTask(run: Run, task: OpenTask, cause: TaskCancelEffect['cause']): ActiveToken | undefined {
  run.effects.push({ type: 'task.cancel', taskId: task.id, node: task.node, at: run.at, cause });
  return closeTask(run, task);
}

/** Whether the task left by its due time; null without one. */
export function slaOf(run: Run, task: OpenTask): NodeLeaveEffect['sla'] {
  if (task.dueAt === null) return null;
  return run.env.now.getTime() <= new Date(task.dueAt).getTime() ? 'met' : 'breached';
}

/** Removes the task, cancels its escalation timers, closes incidents about it, takes its token. */
function closeTask(run: Run, task: OpenTask): ActiveToken | undefined {
  run.state.tasks = run.state.tasks.filter((t) => t.id !== task.id);
  const timers = run.state.timers.filter((t) => t.kind === 'escalation' && t.taskId === task.id).map((t) => t.id);
  if (timers.length > 0) {
    run.state.timers = run.state.timers.filter((t) => !timers.includes(t.id));
    run.effects.push({ type: 'timer.cancel', timerIds: timers });
  }
  resolveObsoleteIncidents(run, (i) => i.retry.kind === 'reassign' && i.retry.taskId === task.id);
  return takeToken(run, task.tokenId);
}
