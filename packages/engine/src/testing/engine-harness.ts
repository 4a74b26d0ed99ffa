import { isDeepStrictEqual } from 'node:util';
import { createExprEnv, type ExprEnv, type ExprUser } from '@mainline/expr';
import type { Edge, Node, Process } from '@mainline/model';
import { advanceInstance } from '../advance-instance.ts';
import { migrateInstance, type MigrationOptions, type MigrationResult } from '../migration/migrate-instance.ts';
import type { AdvanceResult, Effect } from '../effects.ts';
import type { InstanceState, OpenTask, PendingTimer, ProcessEvent } from '../types.ts';

/** Node shorthand for hand-made processes: the position is filled in. */
export type NodeSpec = { id: string; type: Node['type'] } & Record<string, unknown>;

/** A process from nodes and edges (`[id, from, to, extra?]`), for tests. */
export function processOf(nodes: NodeSpec[], edges: [string, string, string, Partial<Edge>?][], extra: Partial<Process> = {}): Process {
  return {
    id: 'test',
    label: { en: 'Test' },
    object: 'deal',
    triggers: [{ type: 'manual' }],
    nodes: nodes.map((n, i) => ({ position: { x: i * 100, y: 0 }, ...n }) as Node),
    edges: edges.map(([id, from, to, more]) => ({ id, from, to, ...more })),
    ...extra,
  };
}

/** The expression scope of the hand-made processes' `deal` object. */
export const dealExpr: ExprEnv = createExprEnv({
  fields: { amount: 'double', status: 'string', approved: 'bool', reviewer: 'string', dueDate: 'timestamp', region: 'string', count: 'int' },
});

export const T0 = new Date('2025-03-03T09:00:00.000Z');

export interface HarnessOptions {
  record?: Record<string, unknown>;
  expr?: ExprEnv;
  now?: Date;
  user?: ExprUser;
  stepBudget?: number;
}

/**
 * Drives one instance through events like the persistence layer would: applies each advance's
 * record, keeps every effect, and checks on every call that the engine is pure and deterministic
 * (the given state and record are frozen; the same call with the same ids gives the same result).
 */
export class Harness {
  state: InstanceState | null = null;
  record: Record<string, unknown>;
  now: Date;
  user: ExprUser | undefined;
  /** Effects of the last advance. */
  effects: Effect[] = [];
  /** Effects of every advance so far. */
  log: Effect[] = [];
  private nextId = 1;

  constructor(
    public process: Process,
    private readonly options: HarnessOptions = {},
  ) {
    this.record = { id: 'rec1', owner: 'u-owner', orgUnit: 'east', ...options.record };
    this.now = options.now ?? T0;
    this.user = options.user;
  }

  advance(event: ProcessEvent): AdvanceResult {
    const state = this.state === null ? null : deepFreeze(structuredClone(this.state));
    const record = deepFreeze({ ...this.record });
    const first = this.nextId;
    let used = first;
    const run = (): AdvanceResult => {
      let n = first;
      const result = advanceInstance(this.process, state, event, {
        now: this.now,
        record,
        user: this.user,
        expr: this.options.expr ?? dealExpr,
        newId: () => `id${n++}`,
        stepBudget: this.options.stepBudget,
      });
      used = n;
      return result;
    };
    const result = run();
    const again = run();
    if (!isDeepStrictEqual(result, again)) throw new Error('the engine gave two different results for the same call');
    this.nextId = used;
    this.state = result.state;
    this.record = result.record;
    this.effects = result.effects;
    this.log.push(...result.effects);
    return result;
  }

  /** Moves the instance to another version's definition (see migrateInstance), keeping every effect. */
  migrate(to: Process, options: MigrationOptions = {}): MigrationResult {
    const state = deepFreeze(structuredClone(this.current));
    let n = this.nextId;
    const result = migrateInstance(this.process, to, state, options, { now: this.now, record: deepFreeze({ ...this.record }), expr: this.options.expr ?? dealExpr, newId: () => `id${n++}` });
    this.nextId = n;
    this.process = to;
    this.state = result.state;
    this.effects = result.effects;
    this.log.push(...result.effects);
    return result;
  }

  start(): AdvanceResult {
    return this.advance({ type: 'start', trigger: 'manual' });
  }

  /** Completes the open task at `node` (or with that task id). */
  complete(nodeOrTask: string, outcome: string, values?: Record<string, unknown>): AdvanceResult {
    return this.advance({ type: 'taskCompleted', taskId: this.task(nodeOrTask).id, outcome, values });
  }

  /** Fires a pending timer (a timer node's or an escalation's) at its due time or at `at`. */
  fire(timer: PendingTimer, at?: Date): AdvanceResult {
    this.now = at ?? new Date(timer.dueAt);
    return this.advance(timer.kind === 'node' ? { type: 'timerFired', timerId: timer.id } : { type: 'escalationFired', timerId: timer.id, repeat: timer.repeat });
  }

  retry(incidentId?: string): AdvanceResult {
    return this.advance({ type: 'incidentRetried', incidentId: incidentId ?? this.current.incidents[0]!.id });
  }

  get current(): InstanceState {
    if (!this.state) throw new Error('not started');
    return this.state;
  }

  task(nodeOrTask: string): OpenTask {
    const task = this.current.tasks.find((t) => t.node === nodeOrTask || t.id === nodeOrTask);
    if (!task) throw new Error(`no open task at ${nodeOrTask}; open: ${this.current.tasks.map((t) => t.node).join(', ')}`);
    return task;
  }

  timer(node: string, escalation?: string): PendingTimer {
    const timer = this.current.timers.find((t) => t.node === node && (escalation === undefined || (t.kind === 'escalation' && t.escalation === escalation)));
    if (!timer) throw new Error(`no timer at ${node}${escalation ? `/${escalation}` : ''}`);
    return timer;
  }

  /** Open task nodes, sorted. */
  get openTasks(): string[] {
    return this.current.tasks.map((t) => t.node).sort();
  }

  /** Effects of the last advance of the given type. */
  of<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
  }

  /** Nodes entered in the last advance, in order. */
  get entered(): string[] {
    return this.of('node.enter').map((e) => e.node);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
