import type { LocalizedText, Trigger } from '@mainline/model';
import type { AssigneeTarget, IncidentReason, InstanceState, RetryPoint } from './types.ts';

/**
 * What an advance asks the persistence layer to do, in order. Times are ISO strings. Record
 * values are plain expression results (numbers, strings, booleans, `Date` for timestamps, lists,
 * null): the persistence layer writes them through its normal write path.
 */
export type Effect =
  | InstanceStartEffect
  | InstanceCompleteEffect
  | InstanceTerminateEffect
  | StageEnterEffect
  | NodeEnterEffect
  | NodeLeaveEffect
  | TaskCreateEffect
  | TaskCompleteEffect
  | TaskCancelEffect
  | TaskReassignEffect
  | TaskEscalateEffect
  | TimerScheduleEffect
  | TimerCancelEffect
  | RecordUpdateEffect
  | RecordCreateEffect
  | NotificationSendEffect
  | WebhookSendEffect
  | IncidentRaiseEffect
  | IncidentResolveEffect;

export interface InstanceStartEffect {
  type: 'instance.start';
  at: string;
  trigger: Trigger['type'];
}

export interface InstanceCompleteEffect {
  type: 'instance.complete';
  at: string;
}

export interface InstanceTerminateEffect {
  type: 'instance.terminate';
  at: string;
  /** `end`: a terminate end node (named in `node`); `cancel`: a cancel event. */
  cause: 'end' | 'cancel';
  node: string | null;
  reason: string | null;
}

/** History: the instance moved to another stage (the stage bar, time per stage). */
export interface StageEnterEffect {
  type: 'stage.enter';
  at: string;
  stage: string;
  previous: string | null;
  node: string;
}

/** History: a token entered a node. */
export interface NodeEnterEffect {
  type: 'node.enter';
  at: string;
  node: string;
  tokenId: string;
  via: string | null;
}

/** History: a token left a node. */
export interface NodeLeaveEffect {
  type: 'node.leave';
  at: string;
  node: string;
  tokenId: string;
  enteredAt: string;
  /**
   * `done`: the node did its work and the token moved on (or ended, at an end node); `escalated`:
   * an interrupting escalation cancelled the task and ended the path; `terminated`: a terminate
   * end or a cancel event; `migrated`: the instance was restarted at another node of a newer
   * version (the token's path on the old one ends here).
   */
  how: 'done' | 'escalated' | 'terminated' | 'migrated';
  /** The edges taken (none at an end node or when the path stops). */
  edges: string[];
  /** A task's outcome. */
  outcome: string | null;
  /** For tasks with a due time: met when the task left by then. */
  sla: 'met' | 'breached' | null;
}

export interface TaskCreateEffect {
  type: 'task.create';
  taskId: string;
  /** The user task node; its form, outcomes and editable/locked fields are read from the definition. */
  node: string;
  tokenId: string;
  assignee: AssigneeTarget;
  createdAt: string;
  dueAt: string | null;
}

export interface TaskCompleteEffect {
  type: 'task.complete';
  taskId: string;
  node: string;
  outcome: string;
  at: string;
  /** The user who completed it, or the escalation that took the outcome on the assignee's behalf. */
  by: { type: 'user'; userId: string | null } | { type: 'escalation'; escalation: string };
  comment: string | null;
}

export interface TaskCancelEffect {
  type: 'task.cancel';
  taskId: string;
  node: string;
  at: string;
  cause: 'escalation' | 'terminated' | 'migrated';
}

export interface TaskReassignEffect {
  type: 'task.reassign';
  at: string;
  taskId: string;
  node: string;
  assignee: AssigneeTarget;
  previous: AssigneeTarget;
  escalation: string;
}

/** History: an escalation fired on an open task (SLA analytics). */
export interface TaskEscalateEffect {
  type: 'task.escalate';
  at: string;
  taskId: string;
  node: string;
  escalation: string;
  repeat: number;
  interrupting: boolean;
}

export interface TimerScheduleEffect {
  type: 'timer.schedule';
  timerId: string;
  dueAt: string;
  node: string;
  tokenId: string;
  /** A timer node, or an escalation of the task `taskId` (its `repeat`-th firing). */
  kind: 'node' | 'escalation';
  taskId: string | null;
  escalation: string | null;
  repeat: number | null;
}

export interface TimerCancelEffect {
  type: 'timer.cancel';
  timerIds: string[];
}

export interface RecordUpdateEffect {
  type: 'record.update';
  node: string;
  /** Field id → new value (already applied to the record the rest of the advance sees). */
  values: Record<string, unknown>;
}

export interface RecordCreateEffect {
  type: 'record.create';
  node: string;
  object: string;
  values: Record<string, unknown>;
}

export interface NotificationSendEffect {
  type: 'notification.send';
  at: string;
  node: string;
  /** The task an escalation notifies about. */
  taskId: string | null;
  recipients: AssigneeTarget[];
  message: LocalizedText;
}

export interface WebhookSendEffect {
  type: 'webhook.send';
  at: string;
  /** Unique per call: the idempotency key of the delivery. */
  webhookId: string;
  node: string;
  url: string;
  /** The name of the server-side secret that signs the body. */
  secret: string | null;
  /** The record as it is at this step, sent as the body's `record`. */
  record: Record<string, unknown>;
  /** The configured payload properties, evaluated now. */
  payload: Record<string, unknown>;
}

export interface IncidentRaiseEffect {
  type: 'incident.raise';
  incidentId: string;
  at: string;
  node: string;
  tokenId: string | null;
  reason: IncidentReason;
  message: string;
  retry: RetryPoint;
}

export interface IncidentResolveEffect {
  type: 'incident.resolve';
  incidentId: string;
  at: string;
  /** `retried`: an admin retried it (a new incident is raised if the problem remains); `obsolete`: its task closed or the instance ended. */
  how: 'retried' | 'obsolete';
}

/** The result of one advance. */
export interface AdvanceResult {
  state: InstanceState;
  effects: Effect[];
  /** The record with this advance's `record.update` values applied. */
  record: Record<string, unknown>;
}
