import { sql } from 'drizzle-orm';
import { processInstances, type ActiveVersion, type Db } from '@mainline/db';
import type { UserTaskNode } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import type { ApiRecord } from '../../records/lib/prepare-write.ts';
import { recordSelectList } from '../../records/lib/record-columns.ts';
import { lockRecord, table } from '../../records/lib/record-rows.ts';
import { targetIn, type RecordTarget } from '../../records/lib/record-target.ts';
import { versionCache } from '../../records/lib/version-cache.ts';
import { instanceDefinition, type LockedInstance, type StoredInstance } from './process-runtime.ts';
import { checkTask, taskFromRow, taskNode, taskSelectList, type TaskCaller, type TaskRow } from './task-rows.ts';

/** A task locked to be completed: the task and its node, its instance and the instance's record, all locked. */
export interface TaskWork extends LockedInstance {
  task: TaskRow;
  node: UserTaskNode;
}

/** Objects of a version with user tasks in their processes. */
const taskObjects = versionCache<string[]>(1000);
/** Per version, the object of the last task locked, when its processes have user tasks on more than one object. */
const lastObject = new WeakMap<ActiveVersion, string>();

/** The object a task of the caller's version most likely is on: the only one with user tasks, else the last one seen. */
function likelyTarget(version: ActiveVersion): RecordTarget | null {
  const objects = taskObjects(version, '', () => [...new Set((version.package.processes ?? []).filter((p) => p.nodes.some((n) => n.type === 'userTask')).map((p) => p.object))]);
  const objectId = objects.length === 1 ? objects[0] : lastObject.get(version);
  return objectId === undefined ? null : targetIn(version, objectId);
}

const TASK = 'task.';
const INSTANCE = 'instance.';
const instanceColumns = (['id', 'processId', 'versionId', 'objectId', 'recordId', 'state'] as const satisfies readonly (keyof StoredInstance)[]).map((key) => [key, processInstances[key].name] as const);
/** The instance's columns, named `instance.<key>` beside the task's `task.<key>` and the record's field ids. */
const instanceList = sql.raw(instanceColumns.map(([key, column]) => `i."${column}" AS "${INSTANCE}${key}"`).join(', '));

/**
 * The task with its instance and record, locked for the rest of the transaction in one statement
 * (the task, the instance, the record — the order every advance locks them in: lockInstance takes an instance's open tasks first) when the record's
 * table is known before the task is read: the caller's version has user tasks on one object, or the
 * last task was on it. Otherwise, or when the task is elsewhere, the task and its instance in one
 * statement and the record in a second. Errors as lockTask (checkTask), then as lockRecord.
 * Prepared statements on PostgreSQL (the record's select list is the version's: in the name; its
 * columns typed, see recordSelectList).
 */
export async function lockTaskWork(ctx: OperationContext, tx: Db, id: string, mine: TaskCaller): Promise<TaskWork> {
  const likely = likelyTarget(mine.version);
  if (likely) {
    const [row] = await ctx.database.rows(
      sql`SELECT ${taskSelectList('t', TASK)}, ${instanceList}, ${recordSelectList(likely, { alias: 'r', withDeletedAt: true, typed: true })}
            FROM process_tasks AS t JOIN process_instances AS i ON i.id = t.instance_id JOIN ${table(likely)} AS r ON r.id = i.record_id
           WHERE t.id = ${id}::uuid AND i.object_id = ${likely.object.id}
             FOR UPDATE`,
      tx,
      { prepareAs: `process_task_work_v${likely.version.id}` },
    );
    if (row) {
      const task = checkTask(id, taskFromRow(row, TASK), mine);
      const instance = storedInstance(row);
      const { target, process } = await instanceDefinition(ctx, instance, tx);
      const record: ApiRecord = {};
      for (const key of Object.keys(row)) if (!key.startsWith(TASK) && !key.startsWith(INSTANCE)) record[key] = row[key];
      // the instance's own version may store the object elsewhere (or read it differently): read it there
      const same = target.version.id === likely.version.id && target.object.id === likely.object.id;
      return { task, node: await nodeOf(ctx, tx, task), instance, target, process, record: same ? record : await lockRecord(ctx, tx, target, instance.recordId) };
    }
  }
  const [row] = await ctx.database.rows(
    sql`SELECT ${taskSelectList('t', TASK)}, ${instanceList} FROM process_tasks AS t JOIN process_instances AS i ON i.id = t.instance_id WHERE t.id = ${id}::uuid FOR UPDATE`,
    tx,
    { prepareAs: 'process_task_work' },
  );
  const task = checkTask(id, row && taskFromRow(row, TASK), mine);
  const instance = storedInstance(row!);
  const { target, process } = await instanceDefinition(ctx, instance, tx);
  if (target.version.id === mine.version.id) lastObject.set(mine.version, target.object.id);
  const node = await nodeOf(ctx, tx, task);
  return { task, node, instance, target, process, record: await lockRecord(ctx, tx, target, instance.recordId) };
}

function storedInstance(row: Record<string, unknown>): StoredInstance {
  return Object.fromEntries(instanceColumns.map(([key]) => [key, row[`${INSTANCE}${key}`]])) as unknown as StoredInstance;
}

/** The task's node, in the version of the task. */
async function nodeOf(ctx: OperationContext, tx: Db, task: TaskRow): Promise<UserTaskNode> {
  const { process } = await instanceDefinition(ctx, task, tx);
  return taskNode(task, process.nodes);
}
