import type { ExprEnv, ExprUser } from '@mainline/expr';
import type { Trigger } from '@mainline/model';

/**
 * The state of one process instance as the interpreter sees it. Plain JSON (times are ISO
 * strings), never mutated by the engine: `advanceInstance` returns a new one. The persistence
 * layer stores it (as rows or as a document) and hands it back with the next event.
 */
export interface InstanceState {
  status: InstanceStatus;
  startedAt: string;
  endedAt: string | null;
  /** The stage of the last node entered that names one; null before any. */
  stage: string | null;
  /** Tokens at rest: each waits for a task, a timer or an incident. */
  tokens: Token[];
  /**
   * Parallel joins: join node id → incoming edge id → arrivals not yet used by a firing. A join
   * fires once per complete set (every incoming edge ≥ 1) and takes one arrival from each.
   */
  joins: Record<string, Record<string, number>>;
  tasks: OpenTask[];
  timers: PendingTimer[];
  incidents: Incident[];
}

/** `incident` while any incident is open (other paths keep running); `completed`/`terminated` are final. */
export type InstanceStatus = 'running' | 'completed' | 'terminated' | 'incident';

export interface Token {
  id: string;
  /** The node the token rests at. */
  node: string;
  /** When it arrived there (ISO). */
  since: string;
  /** The edge it arrived by; null at the start node. */
  via: string | null;
  waitsFor: TokenWait;
}

export type TokenWait = { type: 'task'; taskId: string } | { type: 'timer'; timerId: string } | { type: 'incident'; incidentId: string };

/** Who a task goes to or a notification is for, resolved as far as the record allows (no database). */
export type AssigneeTarget =
  /** A user by id: from a user field (`field:owner`), an expression, or the record's owner. */
  | { type: 'user'; userId: string }
  /** A user by username, as written in the configuration. */
  | { type: 'username'; username: string }
  /** Holders of the role in `orgUnit` (the record's org unit) or the nearest unit above that has one. */
  | { type: 'role'; role: string; orgUnit: string | null }
  /** Members of the queue; one of them claims the task. */
  | { type: 'queue'; queue: string };

export interface OpenTask {
  id: string;
  node: string;
  tokenId: string;
  assignee: AssigneeTarget;
  createdAt: string;
  /** From the SLA (`due` or `dueExpression`); null without an SLA or when the expression gave no time. */
  dueAt: string | null;
}

export type PendingTimer =
  | { id: string; kind: 'node'; node: string; tokenId: string; dueAt: string }
  | {
      id: string;
      kind: 'escalation';
      node: string;
      tokenId: string;
      taskId: string;
      escalation: string;
      /** 0 for the first firing, n for the n-th repeat of a `repeatEvery` escalation. */
      repeat: number;
      dueAt: string;
    };

/** Stable codes of incidents (documented in docs/engine.md). */
export type IncidentReason =
  | 'process.gateway-no-match'
  | 'process.no-way-out'
  | 'process.expression-failed'
  | 'process.assignee-empty'
  | 'process.timer-no-time'
  | 'process.step-budget'
  | 'process.join-stuck';

/** Where a retry picks up. */
export type RetryPoint =
  /** The token had not entered the node yet (step budget): enter it. */
  | { kind: 'enter' }
  /** The node was entered and failed (no gateway match, an expression, an assignee, a timer): run it again. */
  | { kind: 'execute' }
  /** The node was done; none of its outgoing edges could be taken: evaluate them again. */
  | { kind: 'leave'; outcome: string | null }
  /** A reassign escalation could not resolve its assignee; the task stays open with its assignee. */
  | { kind: 'reassign'; taskId: string; escalation: string }
  /** Nothing else can run and a parallel join holds arrivals that can never make a set. */
  | { kind: 'join' };

export interface Incident {
  id: string;
  node: string;
  /** The token stopped by the incident (its `waitsFor` names this incident); null for a stuck join. */
  tokenId: string | null;
  reason: IncidentReason;
  /** For admins, in English. */
  message: string;
  at: string;
  retry: RetryPoint;
}

/** What happened to the instance. */
export type ProcessEvent =
  | { type: 'start'; trigger: Trigger['type'] }
  | {
      type: 'taskCompleted';
      taskId: string;
      outcome: string;
      /** Form values the caller has validated and writes itself; the engine sees them on the record before routing. */
      values?: Record<string, unknown>;
      comment?: string;
    }
  | { type: 'timerFired'; timerId: string }
  | { type: 'escalationFired'; timerId: string; repeat?: number }
  | { type: 'incidentRetried'; incidentId: string }
  | { type: 'cancel'; reason?: string };

/** Everything outside the definition and the state that an advance may look at. */
export interface EngineEnv {
  /** The clock of this advance: every time the engine computes starts here. */
  now: Date;
  /** The record the instance runs on, as the caller knows it now (API form: dates as ISO text). */
  record: Readonly<Record<string, unknown>>;
  /** The user whose action caused the event (absent for timers and escalations). */
  user?: ExprUser;
  /** The expression environment of the process object (see `processExprEnv`). */
  expr: ExprEnv;
  /** Ids of tokens, tasks, timers, incidents and webhooks; must be unique within the instance. */
  newId: () => string;
  /** Node entries allowed in one advance before the rest is parked as an incident (default 1000). */
  stepBudget?: number;
}
