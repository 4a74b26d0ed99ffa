import type { Process } from '@mainline/model';
import { drain } from './drain.ts';
import type { AdvanceResult } from './effects.ts';
import { EngineError } from './engine-error.ts';
import { fireEscalation } from './escalation.ts';
import { fireNodeTimer } from './nodes/timer.ts';
import { completeTask } from './nodes/user-task.ts';
import { indexProcess } from './process-index.ts';
import { retryIncident } from './retry-incident.ts';
import { createRun, isFinal, type Run } from './run.ts';
import { settle } from './settle.ts';
import { terminateInstance } from './terminate.ts';
import type { EngineEnv, InstanceState, ProcessEvent } from './types.ts';

/**
 * The process interpreter: applies one event to an instance of `process` (the definition of the
 * version the instance started on) and returns the new state and the effects for the persistence
 * layer to carry out, in order. Pure and deterministic: no I/O, ids from `env.newId`, time from
 * `env.now`; the given state and record are not modified. `state` is null only for `start`.
 *
 * Throws EngineError for events that do not fit (a task that is not open, an unknown outcome or
 * incident, a start on a started instance). Timers that fired after they were cancelled are
 * ignored: nothing changes and there are no effects.
 */
export function advanceInstance(process: Process, state: InstanceState | null, event: ProcessEvent, env: EngineEnv): AdvanceResult {
  const index = indexProcess(process);
  if (event.type === 'start') {
    if (state !== null) throw new EngineError('process.already-started', 'The instance has already started.');
    const run = createRun(index, newState(env.now.toISOString()), env);
    run.effects.push({ type: 'instance.start', at: run.at, trigger: event.trigger });
    run.queue.push({ tokenId: env.newId(), node: index.start.id, via: null });
    return finish(run);
  }
  if (state === null) throw new EngineError('process.not-started', `A "${event.type}" event needs a started instance.`);
  const run = createRun(index, state, env);
  switch (event.type) {
    case 'taskCompleted': {
      const task = run.state.tasks.find((t) => t.id === event.taskId);
      if (!task) throw new EngineError('process.task-not-open', `Task "${event.taskId}" is not open on this instance.`);
      const node = index.node(task.node);
      if (node.type !== 'userTask' || !node.outcomes.some((o) => o.id === event.outcome)) {
        throw new EngineError('process.outcome-unknown', `"${event.outcome}" is not an outcome of task "${task.node}".`);
      }
      Object.assign(run.record, event.values ?? {});
      completeTask(run, task, event.outcome, { type: 'user', userId: env.user?.id ?? null }, event.comment ?? null);
      return finish(run);
    }
    case 'timerFired':
    case 'escalationFired': {
      const timer = run.state.timers.find((t) => t.id === event.timerId);
      if (!timer) return unchanged(state, env);
      const expected = event.type === 'timerFired' ? 'node' : 'escalation';
      if (timer.kind !== expected) throw new EngineError('process.timer-kind', `Timer "${timer.id}" is a ${timer.kind} timer, not a ${expected} timer.`);
      if (timer.kind === 'node') fireNodeTimer(run, timer);
      else if (event.type === 'escalationFired' && event.repeat !== undefined && event.repeat !== timer.repeat) return unchanged(state, env);
      else fireEscalation(run, timer);
      return finish(run);
    }
    case 'incidentRetried':
      retryIncident(run, event.incidentId);
      return finish(run);
    case 'cancel':
      if (isFinal(run.state)) return unchanged(state, env);
      terminateInstance(run, { cause: 'cancel', node: null, reason: event.reason ?? null });
      return finish(run);
  }
}

function newState(at: string): InstanceState {
  return { status: 'running', startedAt: at, endedAt: null, stage: null, tokens: [], joins: {}, tasks: [], timers: [], incidents: [] };
}

/** Moves the tokens on the move, settles the instance and returns the advance's result. */
export function finish(run: Run): AdvanceResult {
  drain(run);
  settle(run);
  return { state: run.state, effects: run.effects, record: run.record };
}

function unchanged(state: InstanceState, env: EngineEnv): AdvanceResult {
  return { state, effects: [], record: { ...env.record } };
}
