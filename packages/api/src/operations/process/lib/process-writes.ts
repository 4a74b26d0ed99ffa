import { sql, type SQL } from 'drizzle-orm';
import type { InstanceState } from '@mainline/engine';
import type { processEvents, processInstances, processTasks } from '@mainline/db';
import type { TaskAssignment } from './task-assignees.ts';

// The runtime's own writes of process_instances, process_tasks and process_events as plain
// parameterised SQL (for a WriteBatch): the same rows as the query builder wrote, built with a
// fraction of its work — they are most of a task completion's statements.

/** A write and its shape: writes of one shape have the same SQL text (a prepared statement's name follows the shapes of a batch). */
export interface Write {
  sql: SQL;
  shape: string;
}

const at = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const json = (value: unknown) => JSON.stringify(value);
const ended = (state: InstanceState) => (state.endedAt === null ? null : new Date(state.endedAt).toISOString());

export function insertInstanceSql(row: Omit<typeof processInstances.$inferInsert, 'state' | 'status' | 'stage' | 'endedAt'> & { state: InstanceState }): Write {
  const { state } = row;
  return write('instance+', sql`INSERT INTO process_instances (id, process_id, version_id, object_id, record_id, status, stage, state, started_at, started_by, ended_at)
    VALUES (${row.id}::uuid, ${row.processId}, ${row.versionId}::int, ${row.objectId}, ${row.recordId}::uuid, ${state.status}, ${state.stage}, ${json(state)}::jsonb, ${at(row.startedAt) ?? sql`now()`}::timestamptz, ${row.startedBy ?? null}::uuid, ${ended(state)}::timestamptz)`);
}

export function updateInstanceSql(id: string, state: InstanceState): Write {
  return write('instance', sql`UPDATE process_instances SET status = ${state.status}, stage = ${state.stage}, state = ${json(state)}::jsonb, ended_at = ${ended(state)}::timestamptz WHERE id = ${id}::uuid`);
}

export function insertTaskSql(row: Omit<typeof processTasks.$inferInsert, keyof TaskAssignment> & TaskAssignment): Write {
  return write('task+', sql`INSERT INTO process_tasks (id, instance_id, process_id, version_id, node_id, object_id, record_id, assignee_id, candidate_role, candidate_unit, queue_id, priority, due_at, created_at)
    VALUES (${row.id}::uuid, ${row.instanceId}::uuid, ${row.processId}, ${row.versionId}::int, ${row.nodeId}, ${row.objectId}, ${row.recordId}::uuid, ${row.assigneeId}::uuid, ${row.candidateRole}, ${row.candidateUnit}::uuid, ${row.queueId},
      ${row.priority ?? null}::float8, ${at(row.dueAt)}::timestamptz, ${at(row.createdAt) ?? sql`now()`}::timestamptz)`);
}

/** Closes an open task with an outcome; an unclaimed one completed by a candidate is claimed on the way (it was theirs). */
export function completeTaskSql(id: string, outcome: string, completedAt: Date, completedBy: string | null): Write {
  return write('task.complete', sql`UPDATE process_tasks SET status = 'completed', outcome = ${outcome}, completed_at = ${completedAt.toISOString()}::timestamptz, completed_by = ${completedBy}::uuid, assignee_id = coalesce(assignee_id, ${completedBy}::uuid)
    WHERE id = ${id}::uuid AND status = 'open'`);
}

export function cancelTaskSql(id: string, cancelledAt: Date): Write {
  return write('task.cancel', sql`UPDATE process_tasks SET status = 'cancelled', completed_at = ${cancelledAt.toISOString()}::timestamptz WHERE id = ${id}::uuid AND status = 'open'`);
}

export function reassignTaskSql(id: string, assignment: TaskAssignment, priority: number | null): Write {
  return write(
    'task.reassign',
    sql`UPDATE process_tasks SET assignee_id = ${assignment.assigneeId}::uuid, candidate_role = ${assignment.candidateRole}, candidate_unit = ${assignment.candidateUnit}::uuid, queue_id = ${assignment.queueId}, priority = ${priority}::float8, claimed_at = NULL WHERE id = ${id}::uuid`,
  );
}

export type EventRow = Omit<typeof processEvents.$inferInsert, 'id'>;

/** The history rows in one multi-row insert (in order: their ids follow it). */
export function insertEventsSql(events: readonly EventRow[]): Write {
  const rows = events.map(
    (e) =>
      sql`(${e.instanceId}::uuid, ${e.taskId ?? null}::uuid, ${e.type}, ${e.nodeId ?? null}, ${at(e.at) ?? sql`now()`}::timestamptz, ${e.actorId ?? null}::uuid, ${e.outcome ?? null}, ${e.details === undefined ? '{}' : json(e.details)}::jsonb)`,
  );
  return write(`events${events.length}`, sql`INSERT INTO process_events (instance_id, task_id, type, node_id, at, actor_id, outcome, details) VALUES ${sql.join(rows, sql`, `)}`);
}

const write = (shape: string, statement: SQL): Write => ({ sql: statement, shape });
