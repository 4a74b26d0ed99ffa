import { describe, expect, it } from 'vitest';
import { advanceInstance } from '../advance-instance.ts';
import { Harness, dealExpr, processOf, T0 } from '../testing/engine-harness.ts';

const straight = processOf(
  [
    { id: 'start', type: 'start' },
    { id: 'review', type: 'userTask', stage: 'checking', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] },
    { id: 'end', type: 'end' },
  ],
  [
    ['e1', 'start', 'review'],
    ['e2', 'review', 'end'],
  ],
  { stages: [{ id: 'checking', label: { en: 'Checking' } }] },
);

describe('start', () => {
  it('starts the instance at the start node and leads along its one edge', () => {
    const h = new Harness(straight);
    h.start();
    expect(h.effects.map((e) => e.type)).toEqual(['instance.start', 'node.enter', 'node.leave', 'node.enter', 'stage.enter', 'task.create']);
    expect(h.effects[0]).toEqual({ type: 'instance.start', at: T0.toISOString(), trigger: 'manual' });
    expect(h.effects[1]).toEqual({ type: 'node.enter', at: T0.toISOString(), node: 'start', tokenId: 'id1', via: null });
    expect(h.effects[2]).toMatchObject({ type: 'node.leave', node: 'start', tokenId: 'id1', edges: ['e1'], how: 'done' });
    expect(h.effects[4]).toEqual({ type: 'stage.enter', at: T0.toISOString(), stage: 'checking', previous: null, node: 'review' });
    expect(h.current).toMatchObject({ status: 'running', startedAt: T0.toISOString(), endedAt: null, stage: 'checking' });
    expect(h.current.tokens).toEqual([{ id: 'id1', node: 'review', since: T0.toISOString(), via: 'e1', waitsFor: { type: 'task', taskId: 'id2' } }]);
  });

  it('completes in the same advance when the start leads straight to an end', () => {
    const h = new Harness(processOf([{ id: 'start', type: 'start' }, { id: 'end', type: 'end' }], [['e1', 'start', 'end']]));
    h.start();
    expect(h.entered).toEqual(['start', 'end']);
    expect(h.effects.at(-1)).toEqual({ type: 'instance.complete', at: T0.toISOString() });
    expect(h.current).toMatchObject({ status: 'completed', endedAt: T0.toISOString(), tokens: [], tasks: [], timers: [] });
  });

  it('refuses a second start, and any other event before the start', () => {
    const h = new Harness(straight);
    h.start();
    expect(() => h.start()).toThrow(expect.objectContaining({ code: 'process.already-started' }));
    const env = { now: T0, record: {}, expr: dealExpr, newId: () => 'x' };
    expect(() => advanceInstance(straight, null, { type: 'cancel' }, env)).toThrow(expect.objectContaining({ code: 'process.not-started' }));
  });

  it('keeps the trigger that started the instance', () => {
    const h = new Harness(straight);
    h.advance({ type: 'start', trigger: 'onCreate' });
    expect(h.effects[0]).toMatchObject({ type: 'instance.start', trigger: 'onCreate' });
  });
});
