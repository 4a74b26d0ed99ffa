import type { TimerNode } from '@mainline/model';
import { addDuration } from '../duration.ts';
import { evaluateTime } from '../evaluate.ts';
import { raiseIncident } from '../incidents.ts';
import { takeOutgoing } from '../leave-node.ts';
import { type ActiveToken, type Run, takeToken } from '../run.ts';
import type { PendingTimer } from '../types.ts';

/**
 * A wait for a duration from now, or until the time an expression gives. A time already past
 * leads on at once (no timer). An `until` that gives no time, or fails, stops the token with an
 * incident (a retry computes the time again).
 */
export function executeTimer(run: Run, token: ActiveToken, node: TimerNode): void {
  let due: Date;
  if (node.duration !== undefined) {
    due = addDuration(run.env.now, node.duration);
  } else {
    const result = evaluateTime(run, node.until ?? 'null', `The time of timer "${node.id}"`);
    if (!result.ok || result.value === null) {
      const message = result.ok ? `The time of timer "${node.id}" (${node.until}) is empty on this record; fix the record and retry.` : result.message;
      raiseIncident(run, { node: node.id, reason: result.ok ? 'process.timer-no-time' : 'process.expression-failed', message, retry: { kind: 'execute' }, stops: token });
      return;
    }
    due = result.value;
  }
  if (due.getTime() <= run.env.now.getTime()) return takeOutgoing(run, token, null);
  const timer: PendingTimer = { id: run.env.newId(), kind: 'node', node: node.id, tokenId: token.id, dueAt: due.toISOString() };
  run.state.timers.push(timer);
  run.state.tokens.push({ ...token, waitsFor: { type: 'timer', timerId: timer.id } });
  run.effects.push({ type: 'timer.schedule', timerId: timer.id, dueAt: timer.dueAt, node: node.id, tokenId: token.id, kind: 'node', taskId: null, escalation: null, repeat: null });
}

/** The timer of a timer node fired: its token leads on. */
export function fireNodeTimer(run: Run, timer: Extract<PendingTimer, { kind: 'node' }>): void {
  run.state.timers = run.state.timers.filter((t) => t.id !== timer.id);
  const token = takeToken(run, timer.tokenId);
  if (token) takeOutgoing(run, token, null);
}
