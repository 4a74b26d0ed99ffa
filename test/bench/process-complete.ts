import { randomUUID } from 'node:crypto';
import { completeTask } from '@mainline/api';
import { sqlText, type Db } from '@mainline/db';
import { pairedThroughput, perSecond, ratio, row } from './measure.ts';
import { MOVING_TASKS } from './process-package.ts';
import type { ProcessBench } from './process-seed.ts';

export const FLOOR_CASES = 2_000;

interface OpenTask {
  id: string;
  assignee: string;
}

/**
 * The open tasks A and B of the three-step process, handed out one at a time to concurrent
 * callers; `refill` (between measured slices, when no call runs) reads them again — the B tasks
 * that completions of A opened included.
 */
export class TaskSupply {
  private tasks: OpenTask[] = [];
  ranOut = false;
  constructor(private readonly bench: ProcessBench) {}

  async refill(): Promise<void> {
    this.tasks = await this.bench.database.rows<OpenTask>(
      sqlText(`SELECT id::text AS id, assignee_id::text AS assignee FROM process_tasks WHERE process_id = 'threeSteps' AND status = 'open' AND node_id = ANY($1::text[]) ORDER BY created_at DESC`, [[...MOVING_TASKS]]),
    );
  }

  next(): OpenTask | undefined {
    const task = this.tasks.pop();
    if (!task) this.ranOut = true;
    return task;
  }
}

/** completeTask as the API calls it: the assignee's context, the outcome, no form values. */
export function completeNext(bench: ProcessBench, supply: TaskSupply): () => Promise<boolean> {
  return async () => {
    const task = supply.next();
    if (!task) return false;
    await completeTask(bench.as(task.assignee), { id: task.id, outcome: 'done' });
    return true;
  };
}

/** A state document of the size the engine stores after task A: one token waiting for task B, the task, no timers. */
function stateAfterA(taskId: string, assignee: string, now: string): string {
  const token = randomUUID();
  return JSON.stringify({
    joins: {},
    stage: 'b',
    tasks: [{ id: taskId, node: 'taskB', dueAt: null, tokenId: token, assignee: { type: 'user', userId: assignee }, createdAt: now }],
    status: 'running',
    timers: [],
    tokens: [{ id: token, via: 'e3', node: 'taskB', since: now, waitsFor: { type: 'task', taskId } }],
    endedAt: null,
    incidents: [],
    startedAt: now,
  });
}

/** The seven history rows of a completion of task A (as the runtime writes them): task completed, left A, entered and left the action, entered B, stage, task created. */
function eventRows(instance: string, done: string, next: string, actor: string, now: string): unknown[][] {
  const token = randomUUID();
  const left = (edge: string) => ({ how: 'done', sla: null, edges: [edge], token, enteredAt: now });
  return [
    [instance, done, 'task.completed', 'taskA', actor, 'done', { by: { type: 'user', userId: actor }, comment: null }],
    [instance, null, 'node.left', 'taskA', actor, 'done', left('e2')],
    [instance, null, 'node.entered', 'afterA', actor, null, { via: 'e2', token }],
    [instance, null, 'node.left', 'afterA', actor, null, left('e3')],
    [instance, null, 'node.entered', 'taskB', actor, null, { via: 'e3', token }],
    [instance, null, 'stage.entered', 'taskB', actor, null, { stage: 'b', previous: 'a' }],
    [instance, next, 'task.created', 'taskB', actor, null, { dueAt: null, assignee: { type: 'user', userId: actor } }],
  ];
}

/** Numbered parameters for hand-written SQL: `p(value)` is the placeholder of a new parameter. */
function parameters(): { values: unknown[]; p: (value: unknown, cast?: string) => string } {
  const values: unknown[] = [];
  return { values, p: (value, cast = '') => `$${values.push(value)}${cast ? `::${cast}` : ''}` };
}

/**
 * The floor: the fewest round trips a completion can take, hand-written — `BEGIN`; one
 * `SELECT … FOR UPDATE` locking the task, its instance and its record together (reading the
 * instance's state and the record, as the engine needs them); one statement of data-modifying
 * CTEs with the writes such a completion makes (close the task, store the instance's state
 * (jsonb), insert the seven history rows, update the record (returning it) and insert its audit
 * entry, insert the next task); `COMMIT` — both statements prepared. On FLOOR_CASES cases of
 * their own (process `floorBench`), each completion opening the task the next one completes.
 */
export async function floorCompletion(bench: ProcessBench): Promise<{ complete: () => Promise<boolean>; statements: number }> {
  const { database } = bench;
  const [version] = await database.rows<{ id: number }>(sqlText(`SELECT version_id AS id FROM process_instances LIMIT 1`));
  const owners = bench.users.map((u) => u.actor.userId!);
  // cases like the process's own: a ticket, its instance at task A, the open task
  await database.rows(
    sqlText(
      `WITH r AS (
         INSERT INTO rec.ticket ("owner", "orgUnit", "createdBy", "updatedBy", name, stage, amount, priority, "dueDate", email, "isKey", quantity, notes, note)
         SELECT ($1::uuid[])[1 + g % ${owners.length}], $3::uuid, ($1::uuid[])[1 + g % ${owners.length}], ($1::uuid[])[1 + g % ${owners.length}],
                'Floor case ' || g, 'a', g * 1.5, 'low', date '2027-01-01' + g % 300, 'floor' || g || '@example.com', false, g % 500, 'Notes for floor case ' || g, 'new'
           FROM generate_series(1, ${FLOOR_CASES}) AS g
         RETURNING id, "owner"),
       i AS (
         INSERT INTO process_instances (id, process_id, version_id, object_id, record_id, status, stage, state)
         SELECT gen_random_uuid(), 'floorBench', $2::int, 'ticket', r.id, 'running', 'a', '{}'::jsonb FROM r
         RETURNING id, record_id)
       INSERT INTO process_tasks (id, instance_id, process_id, version_id, node_id, object_id, record_id, assignee_id)
       SELECT gen_random_uuid(), i.id, 'floorBench', $2::int, 'taskA', 'ticket', i.record_id, r."owner" FROM i JOIN r ON r.id = i.record_id`,
      [owners, version!.id, bench.users[0]!.actor.orgUnitId],
    ),
  );
  await database.rows(sqlText('ANALYZE process_tasks'));
  const open = await database.rows<{ id: string }>(sqlText(`SELECT id::text AS id FROM process_tasks WHERE process_id = 'floorBench' AND status = 'open'`));
  const queue = open.map((t) => t.id);

  const lock = `SELECT t.instance_id::text AS "task.instance", t.record_id::text AS "task.record", t.assignee_id::text AS "task.assignee", i.state AS "task.state", r.*
    FROM process_tasks AS t JOIN process_instances AS i ON i.id = t.instance_id JOIN rec.ticket AS r ON r.id = t.record_id WHERE t.id = $1::uuid FOR UPDATE`;
  const complete = async (tx: Db, taskId: string): Promise<string> => {
    const now = new Date().toISOString();
    const [task] = await database.rows<Record<string, unknown>>(sqlText(lock, [taskId]), tx, { prepareAs: 'floor_lock' });
    const instance = task!['task.instance'] as string;
    const record = task!['task.record'] as string;
    const assignee = task!['task.assignee'] as string;
    const next = randomUUID();
    const { values, p } = parameters();
    const events = eventRows(instance, taskId, next, assignee, now)
      .map(([i, t, type, node, actor, outcome, details]) => `(${p(i, 'uuid')}, ${p(t, 'uuid')}, ${p(type, 'text')}, ${p(node, 'text')}, ${p(now, 'timestamptz')}, ${p(actor, 'uuid')}, ${p(outcome, 'text')}, ${p(JSON.stringify(details), 'jsonb')})`)
      .join(', ');
    const write = `WITH
      closed AS (UPDATE process_tasks SET status = 'completed', outcome = 'done', completed_at = ${p(now, 'timestamptz')}, completed_by = ${p(assignee, 'uuid')} WHERE id = ${p(taskId, 'uuid')} AND status = 'open'),
      moved AS (UPDATE process_instances SET status = 'running', stage = 'b', state = ${p(stateAfterA(next, assignee, now), 'jsonb')}, ended_at = NULL WHERE id = ${p(instance, 'uuid')}),
      history AS (INSERT INTO process_events (instance_id, task_id, type, node_id, at, actor_id, outcome, details) VALUES ${events}),
      opened AS (INSERT INTO process_tasks (id, instance_id, process_id, version_id, node_id, object_id, record_id, assignee_id, created_at)
        VALUES (${p(next, 'uuid')}, ${p(instance, 'uuid')}, 'floorBench', ${p(version!.id, 'int')}, 'taskB', 'ticket', ${p(record, 'uuid')}, ${p(assignee, 'uuid')}, ${p(now, 'timestamptz')})),
      updated AS (UPDATE rec.ticket SET note = ${p('A done', 'text')}, stage = ${p('b', 'text')}, "updatedAt" = ${p(now, 'timestamptz')}, "updatedBy" = NULL, "rowVersion" = "rowVersion" + 1
        WHERE id = ${p(record, 'uuid')} AND "deletedAt" IS NULL RETURNING *),
      audited AS (INSERT INTO audit_log (actor_id, action, object_id, record_id, version_id, changes, details)
        SELECT NULL, 'record.update', 'ticket', updated.id, ${p(version!.id, 'int')}, ${p(JSON.stringify({ note: { before: 'new', after: 'A done' }, stage: { before: 'a', after: 'b' } }), 'jsonb')},
          ${p(JSON.stringify({ by: 'process', via: 'cli', process: 'threeSteps', instance }), 'jsonb')} FROM updated)
      SELECT * FROM updated`;
    await database.rows(sqlText(write, values), tx, { prepareAs: 'floor_write' });
    return next;
  };
  return {
    // BEGIN, the lock, the writes, COMMIT
    statements: 4,
    complete: async () => {
      const taskId = queue.shift();
      if (!taskId) return false;
      const next = await database.db.transaction((tx) => complete(tx, taskId));
      queue.push(next);
      return true;
    },
  };
}

/** Completions per second through completeTask against the floor, with `workers` concurrent callers each. */
export async function benchCompletions(bench: ProcessBench, supply: TaskSupply, floor: () => Promise<boolean>, concurrency: readonly number[]): Promise<void> {
  const ours = completeNext(bench, supply);
  for (const workers of concurrency) {
    const { ours: o, baseline: b } = await pairedThroughput(ours, floor, workers, { between: () => supply.refill() });
    row(`task completions/s (record update + next task), ${workers} callers`, perSecond(o), 'goal ≥ 1,000/s');
    row(`  floor: the same writes hand-written, ${workers} callers`, perSecond(b), `completeTask at ${ratio(o, b)} of it`);
  }
  if (supply.ranOut) row('  (the supply of open tasks ran out in a slice: create more instances first)', '');
}
