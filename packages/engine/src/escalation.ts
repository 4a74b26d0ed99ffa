import type { Escalation, ReassignEscalation, UserTaskNode } from '@mainline/model';
import { resolveAssignee, resolveRecipients } from './assignee.ts';
import { addDuration } from './duration.ts';
import { raiseIncident } from './incidents.ts';
import { leaveNode } from './leave-node.ts';
import { cancelTask, completeTask, scheduleEscalation, slaOf } from './nodes/user-task.ts';
import type { Run } from './run.ts';
import type { OpenTask, PendingTimer } from './types.ts';

/**
 * An escalation of an open task fired (its boundary timer). It notifies, reassigns or takes an
 * outcome. Interrupting ones end the task: `takeOutcome` completes it and the token follows the
 * outcome; an interrupting `notify` cancels it and the path ends there (the instance completes if
 * nothing else runs). Non-interrupting ones leave the task open and, with `repeatEvery`, schedule
 * themselves again one interval after the previous due time (or after now, when that is past:
 * missed reminders are not sent in a burst).
 */
export function fireEscalation(run: Run, timer: Extract<PendingTimer, { kind: 'escalation' }>): void {
  run.state.timers = run.state.timers.filter((t) => t.id !== timer.id);
  const task = run.state.tasks.find((t) => t.id === timer.taskId);
  if (!task) return;
  const node = run.index.node(task.node) as UserTaskNode;
  const escalation = node.sla?.escalations?.find((e) => e.id === timer.escalation);
  if (!escalation) return;
  const { action } = escalation;
  const interrupting = action.type === 'takeOutcome' || escalation.interrupting === true;
  run.effects.push({ type: 'task.escalate', at: run.at, taskId: task.id, node: task.node, escalation: escalation.id, repeat: timer.repeat, interrupting });

  if (action.type === 'takeOutcome') return completeTask(run, task, action.outcome, { type: 'escalation', escalation: escalation.id }, null);
  if (action.type === 'notify') {
    run.effects.push({ type: 'notification.send', at: run.at, node: task.node, taskId: task.id, recipients: resolveRecipients(run, action.recipients, task.assignee), message: action.message });
  } else {
    reassignTask(run, task, escalation, action);
  }
  if (interrupting) {
    const sla = slaOf(run, task);
    const token = cancelTask(run, task, 'escalation');
    if (token) leaveNode(run, token, [], { how: 'escalated', sla });
    return;
  }
  if (escalation.repeatEvery !== undefined) {
    let next = addDuration(new Date(timer.dueAt), escalation.repeatEvery);
    if (next.getTime() <= run.env.now.getTime()) next = addDuration(run.env.now, escalation.repeatEvery);
    scheduleEscalation(run, task, escalation, timer.repeat + 1, next);
  }
}

/** Gives the task to the escalation's assignee; when that cannot be resolved the task stays with its assignee and an incident says why. */
export function reassignTask(run: Run, task: OpenTask, escalation: Escalation, action: ReassignEscalation): void {
  const resolved = resolveAssignee(run, action.assignee);
  if (!resolved.ok) {
    raiseIncident(run, { node: task.node, reason: resolved.reason, message: resolved.message, retry: { kind: 'reassign', taskId: task.id, escalation: escalation.id }, concerns: task.tokenId });
    return;
  }
  run.effects.push({ type: 'task.reassign', at: run.at, taskId: task.id, node: task.node, assignee: resolved.target, previous: task.assignee, escalation: escalation.id });
  task.assignee = resolved.target;
}
