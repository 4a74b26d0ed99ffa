import type { InstanceTerminateEffect } from './effects.ts';
import { resolveObsoleteIncidents } from './incidents.ts';
import { leaveNode } from './leave-node.ts';
import { cancelTask, slaOf } from './nodes/user-task.ts';
import type { Run } from './run.ts';

/**
 * Ends the instance at once (a terminate end or a cancel event): every open task is cancelled,
 * every timer cancelled, every resting token leaves its node as terminated, open incidents close,
 * join counters are dropped and the tokens still to move in this advance go nowhere.
 */
export function terminateInstance(run: Run, how: Pick<InstanceTerminateEffect, 'cause' | 'node' | 'reason'>): void {
  run.queue = [];
  for (const task of [...run.state.tasks]) {
    const sla = slaOf(run, task);
    const token = cancelTask(run, task, 'terminated');
    if (token) leaveNode(run, token, [], { how: 'terminated', sla });
  }
  const timers = run.state.timers.map((t) => t.id);
  if (timers.length > 0) run.effects.push({ type: 'timer.cancel', timerIds: timers });
  for (const token of run.state.tokens) leaveNode(run, { id: token.id, node: token.node, via: token.via, since: token.since }, [], { how: 'terminated' });
  resolveObsoleteIncidents(run, () => true);
  run.state.tokens = [];
  run.state.timers = [];
  run.state.joins = {};
  run.state.status = 'terminated';
  run.state.endedAt = run.at;
  run.effects.push({ type: 'instance.terminate', at: run.at, ...how });
}
