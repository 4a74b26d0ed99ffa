import { describe, expect, it } from 'vitest';
import { instanceProgress } from './instance-progress.ts';
import { Harness, processOf } from './testing/engine-harness.ts';

const task = (id: string, stage: string) => ({ id, type: 'userTask' as const, stage, assignee: { type: 'queue', queue: 'q' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] });

const staged = processOf(
  [
    { id: 'start', type: 'start' },
    task('draft', 'one'),
    { id: 'fork', type: 'parallelGateway', stage: 'two' },
    task('check', 'two'),
    { id: 'wait', type: 'timer', stage: 'two', until: 'dueDate' },
    { id: 'join', type: 'parallelGateway', stage: 'two' },
    task('close', 'three'),
    { id: 'end', type: 'end' },
  ],
  [
    ['e1', 'start', 'draft'],
    ['e2', 'draft', 'fork'],
    ['f1', 'fork', 'check'],
    ['f2', 'fork', 'wait'],
    ['cj', 'check', 'join'],
    ['wj', 'wait', 'join'],
    ['e3', 'join', 'close'],
    ['e4', 'close', 'end'],
  ],
  {
    stages: [
      { id: 'one', label: { en: 'One' } },
      { id: 'two', label: { en: 'Two' } },
      { id: 'three', label: { en: 'Three' } },
    ],
  },
);

describe('instanceProgress', () => {
  it('gives the stage bar and the nodes where the instance waits', () => {
    const h = new Harness(staged);
    h.start();
    const first = instanceProgress(staged, h.current);
    expect(first.stage).toBe('one');
    expect(first.stages.map((s) => [s.stage.id, s.state])).toEqual([
      ['one', 'current'],
      ['two', 'upcoming'],
      ['three', 'upcoming'],
    ]);
    expect(first.active).toEqual([{ node: 'draft', waitsFor: 'task', tokenId: 'id1', taskId: 'id2', since: h.now.toISOString() }]);

    h.complete('draft', 'ok'); // the timer has no time: an incident there
    const second = instanceProgress(staged, h.current);
    expect(second.status).toBe('incident');
    expect(second.stages.map((s) => s.state)).toEqual(['done', 'current', 'upcoming']);
    expect(second.active.map((a) => [a.node, a.waitsFor])).toEqual([
      ['check', 'task'],
      ['wait', 'incident'],
    ]);

    h.complete('check', 'ok');
    expect(instanceProgress(staged, h.current).active.map((a) => [a.node, a.waitsFor])).toEqual([
      ['wait', 'incident'],
      ['join', 'join'],
    ]);
    h.record.dueDate = '2030-01-01';
    h.retry();
    expect(instanceProgress(staged, h.current).active.map((a) => [a.node, a.waitsFor])).toEqual([
      ['wait', 'timer'],
      ['join', 'join'],
    ]);
    h.fire(h.timer('wait'));
    h.complete('close', 'ok');
    const done = instanceProgress(staged, h.current);
    expect(done).toMatchObject({ status: 'completed', stage: 'three', active: [] });
    expect(done.stages.map((s) => s.state)).toEqual(['done', 'done', 'done']);
  });
});
