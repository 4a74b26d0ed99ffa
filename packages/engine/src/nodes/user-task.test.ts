import { describe, expect, it } from 'vitest';
import type { Assignee } from '@mainline/model';
import { EngineError } from '../engine-error.ts';
import { Harness, processOf, T0, type NodeSpec } from '../testing/engine-harness.ts';

const outcomes = [
  { id: 'approve', label: { en: 'Approve' } },
  { id: 'reject', label: { en: 'Reject' } },
];

function oneTask(task: Partial<NodeSpec> = {}): ReturnType<typeof processOf> {
  return processOf(
    [
      { id: 'start', type: 'start' },
      { id: 'approve', type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes, ...task },
      { id: 'approved', type: 'action', steps: [{ type: 'setFields', values: { status: '"approved"' } }] },
      { id: 'rejected', type: 'action', steps: [{ type: 'setFields', values: { status: '"rejected"' } }] },
      { id: 'end', type: 'end' },
    ],
    [
      ['e1', 'start', 'approve'],
      ['yes', 'approve', 'approved', { outcome: 'approve' }],
      ['no', 'approve', 'rejected', { outcome: 'reject' }],
      ['e2', 'approved', 'end'],
      ['e3', 'rejected', 'end'],
    ],
  );
}

const day = 24 * 3600_000;

describe('userTask', () => {
  it.each<[string, Assignee, unknown]>([
    ['a role, in the record’s org unit', { type: 'role', role: 'manager' }, { type: 'role', role: 'manager', orgUnit: 'east' }],
    ['a queue', { type: 'queue', queue: 'desk' }, { type: 'queue', queue: 'desk' }],
    ['a named user', { type: 'user', user: 'zhang.wei' }, { type: 'username', username: 'zhang.wei' }],
    ['the user in a user field', { type: 'user', user: 'field:reviewer' }, { type: 'user', userId: 'u-rev' }],
    ['the owner', { type: 'user', user: 'field:owner' }, { type: 'user', userId: 'u-owner' }],
    ['an expression', { type: 'expression', expression: 'amount > 1000.0 ? reviewer : owner' }, { type: 'user', userId: 'u-rev' }],
  ])('creates a task for %s', (_name, assignee, target) => {
    const h = new Harness(oneTask({ assignee }), { record: { reviewer: 'u-rev', amount: 5000 } });
    h.start();
    expect(h.of('task.create')).toEqual([{ type: 'task.create', taskId: 'id2', node: 'approve', tokenId: 'id1', assignee: target, createdAt: T0.toISOString(), dueAt: null }]);
    expect(h.current.tasks).toEqual([{ id: 'id2', node: 'approve', tokenId: 'id1', assignee: target, createdAt: T0.toISOString(), dueAt: null }]);
  });

  it('stops with an incident when the assignee field is empty, and creates the task on retry once it is filled', () => {
    const h = new Harness(oneTask({ assignee: { type: 'user', user: 'field:reviewer' } }));
    h.start();
    expect(h.of('task.create')).toEqual([]);
    expect(h.of('incident.raise')).toEqual([expect.objectContaining({ node: 'approve', reason: 'process.assignee-empty', retry: { kind: 'execute' } })]);
    expect(h.current.status).toBe('incident');
    expect(h.current.tokens[0]!.waitsFor).toEqual({ type: 'incident', incidentId: h.current.incidents[0]!.id });

    h.retry();
    expect(h.of('incident.raise')).toHaveLength(1); // still empty: a new incident
    h.record.reviewer = 'u-rev';
    h.retry();
    expect(h.effects.map((e) => e.type)).toEqual(['incident.resolve', 'task.create']); // no second node.enter
    expect(h.current.status).toBe('running');
    expect(h.task('approve').assignee).toEqual({ type: 'user', userId: 'u-rev' });
  });

  it('stops with an incident when an assignee expression gives no user', () => {
    const h = new Harness(oneTask({ assignee: { type: 'expression', expression: 'reviewer' } }));
    h.start();
    expect(h.of('incident.raise')[0]).toMatchObject({ reason: 'process.assignee-empty' });
  });

  it('computes the due time from the SLA duration or its expression', () => {
    const fixed = new Harness(oneTask({ sla: { due: 'P2DT4H' } }));
    fixed.start();
    expect(fixed.task('approve').dueAt).toBe(new Date(T0.getTime() + 2 * day + 4 * 3600_000).toISOString());

    const computed = new Harness(oneTask({ sla: { dueExpression: 'addDays(dueDate, -1)' } }), { record: { dueDate: '2025-03-20' } });
    computed.start();
    expect(computed.task('approve').dueAt).toBe('2025-03-19T00:00:00.000Z');

    const none = new Harness(oneTask({ sla: { dueExpression: 'dueDate' } }));
    none.start();
    expect(none.task('approve').dueAt).toBeNull();
  });

  it('completes with an outcome: the edge naming it is taken, and the history says who, which outcome and whether the SLA was met', () => {
    const h = new Harness(oneTask({ sla: { due: 'P1D' } }), { user: { id: 'u-7', username: 'ana', orgUnit: 'east', roles: [], units: [] } });
    h.start();
    h.now = new Date(T0.getTime() + 2 * day);
    h.advance({ type: 'taskCompleted', taskId: h.task('approve').id, outcome: 'reject', comment: 'too expensive' });
    expect(h.of('task.complete')).toEqual([
      { type: 'task.complete', taskId: 'id2', node: 'approve', outcome: 'reject', at: h.now.toISOString(), by: { type: 'user', userId: 'u-7' }, comment: 'too expensive' },
    ]);
    expect(h.of('node.leave')[0]).toMatchObject({ node: 'approve', outcome: 'reject', edges: ['no'], sla: 'breached', enteredAt: T0.toISOString() });
    expect(h.entered).toEqual(['rejected', 'end']);
    expect(h.record.status).toBe('rejected');
    expect(h.current.status).toBe('completed');
  });

  it('takes a single unnamed edge whatever the outcome', () => {
    const p = processOf(
      [
        { id: 'start', type: 'start' },
        { id: 'check', type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes },
        { id: 'end', type: 'end' },
      ],
      [
        ['e1', 'start', 'check'],
        ['e2', 'check', 'end'],
      ],
    );
    const h = new Harness(p);
    h.start();
    h.complete('check', 'reject');
    expect(h.of('node.leave')[0]).toMatchObject({ node: 'check', outcome: 'reject', edges: ['e2'] });
    expect(h.current.status).toBe('completed');
  });

  it('lets the next nodes see the form values of the completion, which the caller writes itself', () => {
    const p = processOf(
      [
        { id: 'start', type: 'start' },
        { id: 'enter', type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'done', label: { en: 'Done' } }] },
        { id: 'big', type: 'exclusiveGateway', defaultEdge: 'small' },
        { id: 'bigEnd', type: 'end' },
        { id: 'smallEnd', type: 'end' },
      ],
      [
        ['e1', 'start', 'enter'],
        ['e2', 'enter', 'big'],
        ['large', 'big', 'bigEnd', { condition: 'amount > 1000.0' }],
        ['small', 'big', 'smallEnd'],
      ],
    );
    const h = new Harness(p, { record: { amount: 10 } });
    h.start();
    h.complete('enter', 'done', { amount: 5000 });
    expect(h.entered).toEqual(['big', 'bigEnd']);
    expect(h.of('record.update')).toEqual([]);
    expect(h.record.amount).toBe(5000);
  });

  it('refuses to complete a task that is not open or with an outcome it does not have, and changes nothing', () => {
    const h = new Harness(oneTask());
    h.start();
    const before = h.current;
    const taskId = h.task('approve').id;
    expect(() => h.advance({ type: 'taskCompleted', taskId, outcome: 'maybe' })).toThrow(EngineError);
    expect(() => h.advance({ type: 'taskCompleted', taskId: 'nope', outcome: 'approve' })).toThrow(expect.objectContaining({ code: 'process.task-not-open' }));
    expect(h.current).toBe(before);
    h.advance({ type: 'taskCompleted', taskId, outcome: 'approve' });
    expect(() => h.advance({ type: 'taskCompleted', taskId, outcome: 'approve' })).toThrow(expect.objectContaining({ code: 'process.task-not-open' }));
  });

  it('creates a new task each time a loop comes back to the node', () => {
    const p = processOf(
      [
        { id: 'start', type: 'start' },
        { id: 'draft', type: 'userTask', assignee: { type: 'user', user: 'field:owner' }, outcomes: [{ id: 'done', label: { en: 'Done' } }] },
        { id: 'complete', type: 'exclusiveGateway', defaultEdge: 'ok' },
        { id: 'end', type: 'end' },
      ],
      [
        ['e1', 'start', 'draft'],
        ['e2', 'draft', 'complete'],
        ['again', 'complete', 'draft', { condition: 'status != "ready"' }],
        ['ok', 'complete', 'end'],
      ],
    );
    const h = new Harness(p);
    h.start();
    const first = h.task('draft').id;
    h.complete('draft', 'done');
    const second = h.task('draft').id;
    expect(second).not.toBe(first);
    expect(h.of('task.create')).toEqual([expect.objectContaining({ taskId: second, node: 'draft' })]);
    h.complete('draft', 'done', { status: 'ready' });
    expect(h.current.status).toBe('completed');
  });
});
