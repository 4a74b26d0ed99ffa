import type { Escalation, Node, Process, UserTaskNode } from '@mainline/model';
import { addDuration } from '../duration.ts';
import { finish } from '../advance-instance.ts';
import type { AdvanceResult } from '../effects.ts';
import { EngineError } from '../engine-error.ts';
import { resolveObsoleteIncidents } from '../incidents.ts';
import { leaveNode } from '../leave-node.ts';
import { cancelTask, scheduleEscalation, slaOf } from '../nodes/user-task.ts';
import { indexProcess, type ProcessIndex } from '../process-index.ts';
import { createRun, isFinal, type Run } from '../run.ts';
import type { EngineEnv, InstanceState } from '../types.ts';
import { mappedNode, planInstanceMigration, targetEdge, type InstanceMigrationPlan, type NodeMap } from './plan-migration.ts';

export interface MigrationOptions {
  /** Renamed or replaced nodes: old id → id in the target version. */
  map?: NodeMap;
  /**
   * Instead of moving the instance as it is: end its open work (tasks cancelled, timers
   * cancelled, tokens leave as `migrated`) and start again with one token at this node of the
   * target version. For instances whose active nodes cannot be mapped.
   */
  restartAt?: string;
}

export interface MigrationResult extends AdvanceResult {
  plan: InstanceMigrationPlan;
  /** Open tasks that stay open at another node id (the runtime moves their rows). */
  taskMoves: { taskId: string; from: string; to: string }[];
}

/**
 * Moves a running instance from the definition it runs on (`from`) to another version's (`to`).
 *
 * As it is (no `restartAt`): only when every active node maps (see planInstanceMigration). Tokens,
 * open tasks (same ids, same assignees, same due times), node timers (same due times) and join
 * counters (re-keyed by the mapped edges) carry over. Of a task's escalation timers, those whose
 * escalation still exists on the target node keep their due time, the others are cancelled; an
 * escalation that is new on the target node is scheduled as if the task had been created under
 * the target version (`after` from the task's creation, or now when that is past). The stage
 * follows the target version's stages.
 *
 * Pure like advanceInstance: the state given is not modified; ids come from `env.newId`.
 */
export function migrateInstance(from: Process, to: Process, state: InstanceState, options: MigrationOptions, env: EngineEnv): MigrationResult {
  if (isFinal(state)) throw new EngineError('process.migration-ended', `The instance has ${state.status}; only running instances move to another version.`);
  const map = options.map ?? {};
  const plan = planInstanceMigration(from, to, state, map);
  const run = createRun(indexProcess(to), state, env);
  if (options.restartAt !== undefined) {
    restart(run, options.restartAt);
    const result = finish(run);
    followStages(run); // a restart node without a stage leaves the old version's
    return { ...result, plan, taskMoves: [] };
  }
  if (!plan.migratable) {
    const problems = plan.nodes.filter((n) => n.problem !== null).map((n) => n.problem);
    throw new EngineError('process.migration-unmapped', `The instance cannot move as it is: ${problems.join(' ')}`);
  }
  const taskMoves = carryOver(run, indexProcess(from), map);
  followStages(run);
  return { state: run.state, effects: run.effects, record: run.record, plan, taskMoves };
}

function carryOver(run: Run, source: ProcessIndex, map: NodeMap): MigrationResult['taskMoves'] {
  const { state } = run;
  const node = (id: string) => mappedNode(map, id) ?? id;
  const edge = (id: string | null) => (id === null ? null : targetEdge(source, run.index, map, id));
  state.tokens = state.tokens.map((t) => ({ ...t, node: node(t.node), via: edge(t.via) }));
  state.incidents = state.incidents.map((i) => ({ ...i, node: node(i.node) }));
  const joins: InstanceState['joins'] = {};
  for (const [join, counters] of Object.entries(state.joins)) {
    // two edges mapped onto one (two branches merged in the target version) add up
    const moved = (joins[node(join)] ??= {});
    for (const [e, n] of Object.entries(counters)) moved[edge(e)!] = (moved[edge(e)!] ?? 0) + n;
  }
  state.joins = joins;
  const taskMoves: MigrationResult['taskMoves'] = [];
  const previousNode = new Map<string, string>();
  for (const task of state.tasks) {
    previousNode.set(task.id, task.node);
    if (node(task.node) !== task.node) taskMoves.push({ taskId: task.id, from: task.node, to: node(task.node) });
    task.node = node(task.node);
  }
  const dropped: string[] = [];
  state.timers = state.timers.flatMap((timer) => {
    const moved = { ...timer, node: node(timer.node) };
    if (moved.kind === 'escalation' && !escalationsOf(run.index.node(moved.node)).some((e) => e.id === moved.escalation)) {
      dropped.push(moved.id);
      return [];
    }
    return [moved];
  });
  if (dropped.length > 0) run.effects.push({ type: 'timer.cancel', timerIds: dropped });
  for (const task of state.tasks) {
    const before = new Set(escalationsOf(source.node(previousNode.get(task.id)!)).map((e) => e.id));
    for (const escalation of escalationsOf(run.index.node(task.node))) {
      if (!before.has(escalation.id)) scheduleEscalation(run, task, escalation, 0, firstDue(run, task.createdAt, escalation));
    }
  }
  return taskMoves;
}

function escalationsOf(node: Node): readonly Escalation[] {
  return node.type === 'userTask' ? ((node as UserTaskNode).sla?.escalations ?? []) : [];
}

/** An escalation new to the task's node: due `after` the task was created, or now when that is past. */
function firstDue(run: Run, createdAt: string, escalation: Escalation): Date {
  const due = addDuration(new Date(createdAt), escalation.after);
  return due.getTime() < run.env.now.getTime() ? run.env.now : due;
}

/** The stage bar in the target version: the same stage if it still exists, else the stage of a node a token rests at. */
function followStages(run: Run): void {
  const { state } = run;
  if (state.stage !== null && run.index.stageOrder.includes(state.stage)) return;
  const stage = state.tokens.map((t) => run.index.node(t.node).stage).find((s) => s !== undefined) ?? null;
  if (stage === state.stage) return;
  if (stage !== null) run.effects.push({ type: 'stage.enter', at: run.at, stage, previous: state.stage, node: state.tokens.find((t) => run.index.node(t.node).stage === stage)!.node });
  state.stage = stage;
}

function restart(run: Run, nodeId: string): void {
  if (!run.index.process.nodes.some((n) => n.id === nodeId)) {
    throw new EngineError('process.migration-restart-node', `The target version has no node "${nodeId}" to restart at.`);
  }
  const { state } = run;
  for (const task of [...state.tasks]) {
    const sla = slaOf(run, task);
    const token = cancelTask(run, task, 'migrated');
    if (token) leaveNode(run, token, [], { how: 'migrated', sla });
  }
  const timers = state.timers.map((t) => t.id);
  if (timers.length > 0) run.effects.push({ type: 'timer.cancel', timerIds: timers });
  for (const token of state.tokens) leaveNode(run, { id: token.id, node: token.node, via: token.via, since: token.since }, [], { how: 'migrated' });
  resolveObsoleteIncidents(run, () => true);
  state.tokens = [];
  state.timers = [];
  state.joins = {};
  state.status = 'running';
  run.queue = [{ tokenId: run.env.newId(), node: nodeId, via: null }];
}
