import type { ConfigPackage } from '@mainline/model';
import type { IndexSpec, SqlType, VersionPhysical } from '../records/physical-types.ts';
import type { ValueRule } from '../records/value-rules.ts';
import type { Localized } from './publish-error.ts';

/** unit key ('*' = whole organisation, else an org unit id) → version id. */
export type Assignments = Record<string, number>;
/** Assignments after a publish: 'new' is the version the publish creates. */
export type PlannedAssignments = Record<string, number | 'new'>;
export type VersionRef = number | 'new';

export type RolloutTarget = { kind: 'organisation' } | { kind: 'units'; units: string[] };

export interface PlanIssue {
  code: string;
  message: Localized;
  objectId?: string;
  fieldId?: string;
}

/** One statement of a plan, in the order apply runs them. */
export type PlanStep =
  | { kind: 'dropIndex'; table: string; name: string; sql: string }
  | { kind: 'createTable'; table: string; sql: string }
  | { kind: 'addColumn'; table: string; column: string; type: SqlType; sql: string }
  | { kind: 'dropForeignKey'; table: string; column: string; sql: string }
  | { kind: 'alterColumnType'; table: string; column: string; from: SqlType; to: SqlType; sql: string }
  | { kind: 'addForeignKey'; table: string; column: string; references: string; sql: string }
  | { kind: 'backfill'; table: string; column: string; sql: string; params: unknown[] }
  | { kind: 'createIndex'; table: string; index: IndexSpec; sql: string };

/** What check() verifies against the data before apply may run. `subject` is `object.field`. */
export type CheckSpec =
  | { kind: 'convert'; subject: string; table: string; column: string; from: SqlType; to: SqlType }
  /** `from` is the column type now, `to` after the plan: values are checked as they will be after the conversion. */
  | { kind: 'values'; subject: string; table: string; column: string; rule: ValueRule; fieldType: string; from: SqlType; to: SqlType }
  | { kind: 'required'; subject: string; table: string; column: string; newColumn: boolean; defaultExpression: boolean }
  | { kind: 'unique'; subject: string; table: string; index: IndexSpec }
  | { kind: 'reference'; subject: string; table: string; column: string; references: string; fromText: boolean };

/** Work left for after the commit, recorded in publish_tasks. */
export interface TaskSpec {
  kind: 'recompute';
  objectId: string;
  table: string;
  fields: { fieldId: string; column: string }[];
}

/** A column that versions meant to be in force together want with different types or foreign keys. */
export interface Conflict {
  table: string;
  column: string;
  wanted: { version: VersionRef; objectId: string; fieldId: string; type: SqlType; references: string | null }[];
}

export type ChangeKind = 'added' | 'readded' | 'renamed' | 'retired' | 'changed';

export interface FieldChange {
  fieldId: string;
  column: string;
  change: ChangeKind;
  /** The previous id of a renamed field. */
  from?: string;
  type: string;
  previousType?: string;
  /** Properties whose value changed (`type`, `required`, `options`, `label`, …). */
  properties: string[];
  /** The column changes type (ALTER COLUMN TYPE), from → to. */
  columnType?: { from: SqlType; to: SqlType };
}

export interface ObjectChange {
  objectId: string;
  table: string;
  change: ChangeKind;
  from?: string;
  properties: string[];
  fields: FieldChange[];
}

export interface ItemChange {
  id: string;
  change: 'added' | 'changed' | 'removed';
}

export interface ConfigChanges {
  /** Package-level properties that changed (name, currency, …). */
  package: string[];
  objects: ObjectChange[];
  roles: ItemChange[];
  views: ItemChange[];
  processes: ItemChange[];
  queues: ItemChange[];
  navigation: ItemChange[];
}

/** Plan of anything that changes which versions are in force: publish, extend, promote, rollback. */
export interface ChangePlanBase {
  /** Fingerprint of the state the plan was made on; apply refuses a plan whose state has moved on. */
  stateToken: string;
  assignments: { before: Assignments; after: PlannedAssignments };
  /** Versions in force after, newest first. */
  inForceAfter: VersionRef[];
  /** Versions no longer in force anywhere after. */
  leaving: number[];
  steps: PlanStep[];
  checks: CheckSpec[];
  tasks: TaskSpec[];
  conflicts: Conflict[];
  /** Reasons the plan cannot be applied at all. */
  blockers: PlanIssue[];
  warnings: PlanIssue[];
}

export interface PublishPlan extends ChangePlanBase {
  kind: 'publish';
  hash: string;
  /** The version the draft is compared with: the newest in force. */
  base: { id: number; hash: string } | null;
  /** The draft is identical to the base: publishing does nothing. */
  unchanged: boolean;
  target: RolloutTarget;
  changes: ConfigChanges;
  physical: VersionPhysical;
  /** Whether this version could run beside every version now in force (a pilot); false when it changes a column's type or reference. */
  pilotAllowed: boolean;
  package: ConfigPackage;
}

export interface RolloutPlan extends ChangePlanBase {
  kind: 'extend' | 'promote' | 'rollback';
  versionId: number;
  /** For a rollback: the rollout event it undoes. */
  undoes?: number;
}

export type ChangePlan = PublishPlan | RolloutPlan;
