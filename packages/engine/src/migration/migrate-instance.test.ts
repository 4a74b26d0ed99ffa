import { describe, expect, it } from 'vitest';
import type { Escalation, Process } from '@mainline/model';
import { EngineError } from '../engine-error.ts';
import { Harness, processOf, T0, type NodeSpec } from '../testing/engine-harness.ts';
import { planInstanceMigration } from './plan-migration.ts';

const HOUR = 3600_000;
const at = (ms: number): string => new Date(T0.getTime() + ms).toISOString();
const task = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }], ...extra });
const remind: Escalation = { id: 'remind', after: 'PT4H', action: { type: 'notify', recipients: { assignee: true }, message: { en: 'Reminder' } } };
const chase: Escalation = { id: 'chase', after: 'PT2H', action: { type: 'notify', recipients: { assignee: true }, message: { en: 'Chase' } } };

/** start → fork → a, b → join → after → end; `b` and its edges named as given (a renamed branch in v2). */
function forkJoin(b = 'b', edges = { fork: 'fb', join: 'bj' }, extra: { a?: Partial<NodeSpec>; stages?: Process['stages'] } = {}): Process {
  return processOf(
    [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('a', extra.a), task(b), { id: 'join', type: 'parallelGateway' }, task('after'), { id: 'end', type: 'end' }],
    [
      ['e0', 'start', 'fork'],
      ['fa', 'fork', 'a'],
      [edges.fork, 'fork', b],
      ['aj', 'a', 'join'],
      [edges.join, b, 'join'],
      ['j', 'join', 'after'],
      ['e9', 'after', 'end'],
    ],
    extra.stages ? { stages: extra.stages } : {},
  );
}

/** start → wait (timer) → review → end, with review's escalations as given. */
function waitThenReview(escalations: Escalation[], waitId = 'wait'): Process {
  return processOf(
    [{ id: 'start', type: 'start' }, { id: waitId, type: 'timer', duration: 'PT1H' }, task('review', { sla: { due: 'P1D', escalations } }), { id: 'end', type: 'end' }],
    [
      ['e1', 'start', waitId],
      ['e2', waitId, 'review'],
      ['e3', 'review', 'end'],
    ],
  );
}

describe('migrating an instance to another version', () => {
  it('moves as it is when every active node still exists with the same type: same tasks, no effects', () => {
    const v1 = forkJoin();
    const v2 = { ...forkJoin(), label: { en: 'Test v2' } };
    const h = new Harness(v1);
    h.start();
    const tasks = h.current.tasks.map((t) => t.id);
    const result = h.migrate(v2);
    expect(result.plan).toEqual({ migratable: true, nodes: [expect.objectContaining({ node: 'a', status: 'unchanged' }), expect.objectContaining({ node: 'b', status: 'unchanged' })] });
    expect(result.effects).toEqual([]);
    expect(result.taskMoves).toEqual([]);
    expect(h.current.tasks.map((t) => t.id)).toEqual(tasks);
  });

  it('reports a node that no longer exists, or changed type, and refuses to move the instance as it is', () => {
    const v1 = forkJoin();
    const h = new Harness(v1);
    h.start();
    const renamed = forkJoin('check', { fork: 'fc', join: 'cj' });
    const plan = planInstanceMigration(v1, renamed, h.current);
    expect(plan.migratable).toBe(false);
    expect(plan.nodes.find((n) => n.node === 'b')).toMatchObject({ status: 'missing', target: 'b', tokens: 1 });
    expect(() => h.migrate(renamed)).toThrow(EngineError);

    const retyped = processOf(
      [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('a'), { id: 'b', type: 'timer', duration: 'PT1H' }, { id: 'join', type: 'parallelGateway' }, task('after'), { id: 'end', type: 'end' }],
      v1.edges.map((e) => [e.id, e.from, e.to] as [string, string, string]),
    );
    expect(planInstanceMigration(v1, retyped, h.current).nodes.find((n) => n.node === 'b')).toMatchObject({ status: 'typeChanged' });
    expect(planInstanceMigration(v1, retyped, h.current, { b: 'a' }).nodes.find((n) => n.node === 'b')).toMatchObject({ status: 'mapped', target: 'a' });
  });

  it('migrates while one branch waits at a join: the held arrival moves to the mapped edge and the join fires once', () => {
    const v1 = forkJoin();
    const h = new Harness(v1);
    h.start();
    h.complete('a', 'ok');
    expect(h.current.joins).toEqual({ join: { aj: 1 } });
    // v2 renames branch b to "check" (new edge ids too) and the join's edge from a to "a-join"
    const v2 = processOf(
      [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('a'), task('check'), { id: 'join', type: 'parallelGateway' }, task('after'), { id: 'end', type: 'end' }],
      [
        ['e0', 'start', 'fork'],
        ['fa', 'fork', 'a'],
        ['fc', 'fork', 'check'],
        ['a-join', 'a', 'join'],
        ['cj', 'check', 'join'],
        ['j', 'join', 'after'],
        ['e9', 'after', 'end'],
      ],
    );
    const bTask = h.task('b').id;
    const result = h.migrate(v2, { map: { b: 'check' } });
    expect(result.plan.nodes).toEqual(
      expect.arrayContaining([expect.objectContaining({ node: 'b', target: 'check', status: 'mapped' }), expect.objectContaining({ node: 'join', status: 'unchanged', tokens: 1 })]),
    );
    expect(result.taskMoves).toEqual([{ taskId: bTask, from: 'b', to: 'check' }]);
    expect(h.current.joins).toEqual({ join: { 'a-join': 1 } });
    expect(h.task('check').id).toBe(bTask);

    h.complete('check', 'ok');
    expect(h.of('node.leave').find((e) => e.node === 'join')).toMatchObject({ edges: ['j'] });
    expect(h.openTasks).toEqual(['after']);
    h.complete('after', 'ok');
    expect(h.current.status).toBe('completed');
  });

  it('refuses to move a join whose held arrivals have no edge into the target join', () => {
    const v1 = forkJoin();
    const h = new Harness(v1);
    h.start();
    h.complete('a', 'ok');
    // v2: a no longer leads into the join
    const v2 = processOf(
      [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('a'), task('b'), { id: 'join', type: 'parallelGateway' }, task('after'), { id: 'end', type: 'end' }],
      [
        ['e0', 'start', 'fork'],
        ['fa', 'fork', 'a'],
        ['fb', 'fork', 'b'],
        ['a-end', 'a', 'end'],
        ['bj', 'b', 'join'],
        ['fj', 'fork', 'join'],
        ['j', 'join', 'after'],
        ['e9', 'after', 'end'],
      ],
    );
    const plan = planInstanceMigration(v1, v2, h.current);
    expect(plan.nodes.find((n) => n.node === 'join')).toMatchObject({ status: 'joinEdgeMissing' });
    expect(plan.migratable).toBe(false);
  });

  it('keeps the due time of a timer whose node is mapped', () => {
    const v1 = waitThenReview([]);
    const h = new Harness(v1);
    h.start();
    const timer = h.timer('wait');
    expect(timer.dueAt).toBe(at(HOUR));
    h.now = new Date(T0.getTime() + 10 * 60_000);
    const v2 = processOf(
      [{ id: 'start', type: 'start' }, { id: 'pause', type: 'timer', duration: 'PT8H' }, task('review'), { id: 'end', type: 'end' }],
      [
        ['e1', 'start', 'pause'],
        ['e2', 'pause', 'review'],
        ['e3', 'review', 'end'],
      ],
    );
    const result = h.migrate(v2, { map: { wait: 'pause' } });
    expect(result.effects).toEqual([]);
    expect(h.current.timers).toEqual([{ ...timer, node: 'pause' }]);
    h.fire(h.timer('pause'));
    expect(h.openTasks).toEqual(['review']);
  });

  it('schedules an escalation added on a mapped task node from the task’s creation, keeps the kept one and cancels the removed one', () => {
    const v1 = processOf(
      [{ id: 'start', type: 'start' }, task('check', { sla: { due: 'P1D', escalations: [remind, { ...chase, id: 'old' }] } }), { id: 'end', type: 'end' }],
      [
        ['e1', 'start', 'check'],
        ['e2', 'check', 'end'],
      ],
    );
    const h = new Harness(v1);
    h.start();
    const task1 = h.task('check');
    const kept = h.timer('check', 'remind');
    const old = h.timer('check', 'old');
    h.now = new Date(T0.getTime() + HOUR);
    const v2 = processOf(
      [{ id: 'start', type: 'start' }, task('verify', { sla: { due: 'P1D', escalations: [remind, chase, { ...chase, id: 'late', after: 'PT30M' }] } }), { id: 'end', type: 'end' }],
      [
        ['e1', 'start', 'verify'],
        ['e2', 'verify', 'end'],
      ],
    );
    const result = h.migrate(v2, { map: { check: 'verify' } });
    expect(result.taskMoves).toEqual([{ taskId: task1.id, from: 'check', to: 'verify' }]);
    expect(h.of('timer.cancel')).toEqual([{ type: 'timer.cancel', timerIds: [old.id] }]);
    const scheduled = h.of('timer.schedule');
    // chase: 2 h after the task was created; late: 30 min after, already past, so now
    expect(scheduled.map((s) => [s.escalation, s.dueAt, s.node, s.taskId])).toEqual([
      ['chase', at(2 * HOUR), 'verify', task1.id],
      ['late', at(HOUR), 'verify', task1.id],
    ]);
    expect(h.timer('verify', 'remind')).toEqual({ ...kept, node: 'verify' });
    expect(h.task('verify').dueAt).toBe(task1.dueAt);

    h.fire(h.timer('verify', 'chase'));
    expect(h.of('task.escalate')).toEqual([expect.objectContaining({ escalation: 'chase', taskId: task1.id })]);
    expect(h.of('notification.send')).toHaveLength(1);
  });

  it('restarts at a chosen node: open work is cancelled as migrated and a token starts there', () => {
    const v1 = forkJoin();
    const h = new Harness(v1);
    h.start();
    h.complete('a', 'ok');
    const b = h.task('b');
    const v2 = processOf(
      [{ id: 'start', type: 'start' }, task('triage', { stage: 'review' }), { id: 'end', type: 'end' }],
      [
        ['e1', 'start', 'triage'],
        ['e2', 'triage', 'end'],
      ],
      { stages: [{ id: 'review', label: { en: 'Review' } }] },
    );
    expect(planInstanceMigration(v1, v2, h.current).migratable).toBe(false);
    h.migrate(v2, { restartAt: 'triage' });
    expect(h.of('task.cancel')).toEqual([expect.objectContaining({ taskId: b.id, cause: 'migrated' })]);
    expect(h.of('node.leave')).toEqual([expect.objectContaining({ node: 'b', how: 'migrated' })]);
    expect(h.entered).toEqual(['triage']);
    expect(h.current).toMatchObject({ status: 'running', joins: {}, stage: 'review' });
    expect(h.openTasks).toEqual(['triage']);
    expect(() => h.migrate(v2, { restartAt: 'nowhere' })).toThrow(/no node "nowhere"/);
  });

  it('follows the stages of the target version', () => {
    const stages = (ids: string[]) => ids.map((id) => ({ id, label: { en: id } }));
    const v1 = forkJoin('b', undefined, { a: { stage: 'draft' }, stages: stages(['draft', 'done']) });
    const h = new Harness(v1);
    h.start();
    expect(h.current.stage).toBe('draft');
    h.migrate(forkJoin('b', undefined, { a: { stage: 'drafting' }, stages: stages(['drafting', 'done']) }));
    expect(h.current.stage).toBe('drafting');
    expect(h.of('stage.enter')).toEqual([expect.objectContaining({ stage: 'drafting', previous: 'draft', node: 'a' })]);
  });

  it('a restart at a node without a stage leaves no stage of the old version behind', () => {
    const stages = (ids: string[]) => ids.map((id) => ({ id, label: { en: id } }));
    const h = new Harness(forkJoin('b', undefined, { a: { stage: 'draft' }, stages: stages(['draft']) }));
    h.start();
    h.migrate(forkJoin('b', undefined, { stages: stages(['drafting']) }), { restartAt: 'a' });
    expect(h.current.stage).toBeNull();
  });

  it('adds up the held arrivals of two edges that map onto one', () => {
    const v1 = forkJoin();
    const h = new Harness(v1);
    h.start();
    // an arrival held by each of aj and bj (each branch arrived once more than its partner)
    h.state = { ...h.current, joins: { join: { aj: 1, bj: 1 } } };
    // v2 merges a and b into one task "ab": both edges become ab → join
    const v2 = processOf(
      [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('ab'), task('c'), { id: 'join', type: 'parallelGateway' }, task('after'), { id: 'end', type: 'end' }],
      [
        ['e0', 'start', 'fork'],
        ['fab', 'fork', 'ab'],
        ['fc', 'fork', 'c'],
        ['abj', 'ab', 'join'],
        ['cj', 'c', 'join'],
        ['j', 'join', 'after'],
        ['e9', 'after', 'end'],
      ],
    );
    h.migrate(v2, { map: { a: 'ab', b: 'ab' } });
    expect(h.current.joins).toEqual({ join: { abj: 2 } });
  });

  it('reads only the map’s own keys: a node called "constructor" is not mapped by the prototype', () => {
    const v1 = forkJoin('constructor', { fork: 'fc', join: 'cj' });
    const h = new Harness(v1);
    h.start();
    expect(planInstanceMigration(v1, v1, h.current).nodes.find((n) => n.node === 'constructor')).toMatchObject({ status: 'unchanged', target: 'constructor' });
  });

  it('refuses an instance that has ended', () => {
    const v1 = waitThenReview([]);
    const h = new Harness(v1);
    h.start();
    h.advance({ type: 'cancel' });
    expect(() => h.migrate(v1)).toThrow(/terminated/);
  });
});
