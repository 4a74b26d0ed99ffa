import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { processTasks, type ActiveVersion, type Db } from '@mainline/db';
import type { UserTaskNode } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';
import { transact } from '../../org/lib/transact.ts';
import { requireReader } from '../../records/lib/read-scope.ts';
import { resolveCallerAccess } from '../../records/lib/caller-access.ts';
import { versionById, versionInForce } from '../../records/lib/version-in-force.ts';
import { instanceDefinition } from './process-runtime.ts';
import { candidacy, isCandidate, type Candidacy } from './task-candidates.ts';

export type TaskRow = typeof processTasks.$inferSelect;

/** The caller of a task operation: their candidacy in their version, and the versions their access is resolved in. */
export interface TaskCaller extends Candidacy {
  /** The caller's version (their candidacy's). */
  version: ActiveVersion;
  /** Versions the caller's access is resolved in: theirs, and the task's once a first attempt met another (taskTransaction). */
  versions: Set<number>;
}

export function taskNotFound(id: string): OperationError {
  const message = `There is no open task ${JSON.stringify(id)} for you.`;
  return new OperationError(404, 'process.task-not-found', message, [{ pointer: '/id', code: 'process.task-not-found', message }]);
}

/** Before the transaction: the caller's candidacy in their version (no query for the task: the transaction reads it). */
export async function taskCaller(ctx: OperationContext, id: unknown): Promise<TaskCaller> {
  requireReader(ctx);
  if (typeof id !== 'string' || !isUuid(id)) throw taskNotFound(String(id));
  const version = await versionInForce(ctx);
  return { ...candidacy(ctx, version), version, versions: new Set([version.id]) };
}

/** Thrown in a task's transaction that met a task of a version the caller's access is not resolved in. */
class OtherVersion extends Error {
  constructor(readonly versionId: number) {
    super(`the task runs on version ${versionId}`);
  }
}

/**
 * `work` in one transaction on a task of the caller. The caller's access must be resolved in the
 * version the task's instance runs on (form values are written in it) — outside the transaction,
 * where PGlite's one connection is the transaction's — so when the task turns out to run on
 * another version than the caller's (lockTask says so), that is done and `work` runs again.
 */
export async function taskTransaction<T>(ctx: OperationContext, caller: TaskCaller, work: (tx: Db) => Promise<T>): Promise<T> {
  // a task migrated to yet another version between two attempts sends it back once more
  for (let attempt = 1; ; attempt++) {
    try {
      return await transact(ctx, work);
    } catch (error) {
      if (!(error instanceof OtherVersion) || attempt === 3) throw error;
      await resolveCallerAccess(ctx, await versionById(ctx, error.versionId));
      caller.versions.add(error.versionId);
    }
  }
}

/** process_tasks columns as TaskRow keys, for a select list (`prefix` the alias of each), from the table's schema. */
const taskColumns = Object.entries(getTableColumns(processTasks)).map(([key, column]) => [key as keyof TaskRow, column.name] as const);
const timestamps = new Set(Object.entries(getTableColumns(processTasks)).flatMap(([key, column]) => (column.dataType === 'date' ? [key] : [])));

/** The select list of a task row (table alias `alias`), each column named `<prefix><key>`. */
export function taskSelectList(alias: string, prefix = ''): SQL {
  return sql.raw(taskColumns.map(([key, column]) => `"${alias}"."${column}" AS "${prefix}${key}"`).join(', '));
}

/** A TaskRow from a row selected with taskSelectList: timestamps as Dates, as the query builder gives them. */
export function taskFromRow(row: Record<string, unknown>, prefix = ''): TaskRow {
  const task: Record<string, unknown> = {};
  for (const [key] of taskColumns) {
    const value = row[`${prefix}${key}`] ?? null;
    task[key] = timestamps.has(key) && value !== null && !(value instanceof Date) ? new Date(value as string) : value;
  }
  return task as TaskRow;
}

/**
 * Checks a task just locked: 404 when it does not exist or the caller may not work on it (no
 * task probing), 409 when it is no longer open; a task of a version the caller's access is not
 * resolved in sends the transaction back to taskTransaction.
 */
export function checkTask(id: string, task: TaskRow | undefined, mine: TaskCaller): TaskRow {
  if (!task) throw taskNotFound(id);
  if (task.status !== 'open') {
    if (task.assigneeId === mine.userId || task.completedBy === mine.userId) {
      throw new OperationError(409, 'process.task-closed', `The task ${id} is ${task.status} already.`, [{ pointer: '/id', code: 'process.task-closed', message: `The task is ${task.status}.` }]);
    }
    throw taskNotFound(id);
  }
  if (!isCandidate(mine, task)) throw taskNotFound(id);
  if (!mine.versions.has(task.versionId)) throw new OtherVersion(task.versionId);
  return task;
}

/** The user-task node of a task in its process. */
export function taskNode(task: TaskRow, nodes: readonly { id: string; type: string }[]): UserTaskNode {
  const node = nodes.find((n) => n.id === task.nodeId);
  if (node?.type !== 'userTask') throw new Error(`task ${task.id} is at ${task.nodeId}, which is not a user task of ${task.processId} v${task.versionId}`);
  return node as UserTaskNode;
}

/** The task, locked for the rest of the transaction (in taskTransaction), with its node; see checkTask. */
export async function lockTask(ctx: OperationContext, tx: Db, id: string, mine: TaskCaller): Promise<{ task: TaskRow; node: UserTaskNode }> {
  const [row] = await ctx.database.rows(sql`SELECT ${taskSelectList('t')} FROM process_tasks AS t WHERE t.id = ${id}::uuid FOR UPDATE`, tx, { prepareAs: 'process_task_lock' });
  const task = checkTask(id, row && taskFromRow(row), mine);
  const { process } = await instanceDefinition(ctx, task, tx);
  return { task, node: taskNode(task, process.nodes) };
}
