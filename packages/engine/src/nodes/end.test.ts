import { describe, expect, it } from 'vitest';
import { Harness, processOf, type NodeSpec } from '../testing/engine-harness.ts';

const task = (id: string, extra: Partial<NodeSpec> = {}): NodeSpec => ({ id, type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }], ...extra });

/** start → fork → a (→ endA), b (→ endB), wait (timer → endW): three paths ending separately. */
function threePaths(endA: Partial<NodeSpec> = {}): ReturnType<typeof processOf> {
  return processOf(
    [
      { id: 'start', type: 'start' },
      { id: 'fork', type: 'parallelGateway' },
      task('a'),
      task('b', { sla: { due: 'P1D', escalations: [{ id: 'nag', after: 'PT4H', action: { type: 'notify', recipients: { assignee: true }, message: { en: 'Hurry' } } }] } }),
      { id: 'wait', type: 'timer', duration: 'P7D' },
      { id: 'endA', type: 'end', ...endA },
      { id: 'endB', type: 'end' },
      { id: 'endW', type: 'end' },
    ],
    [
      ['e0', 'start', 'fork'],
      ['fa', 'fork', 'a'],
      ['fb', 'fork', 'b'],
      ['fw', 'fork', 'wait'],
      ['ea', 'a', 'endA'],
      ['eb', 'b', 'endB'],
      ['ew', 'wait', 'endW'],
    ],
  );
}

describe('end', () => {
  it('ends one path; the instance completes when no token is left', () => {
    const h = new Harness(threePaths());
    h.start();
    h.complete('a', 'ok');
    expect(h.of('node.leave').at(-1)).toMatchObject({ node: 'endA', edges: [], how: 'done' });
    expect(h.current.status).toBe('running');
    h.complete('b', 'ok');
    expect(h.current.status).toBe('running');
    h.fire(h.timer('wait'));
    expect(h.effects.at(-1)).toEqual({ type: 'instance.complete', at: h.now.toISOString() });
    expect(h.current).toMatchObject({ status: 'completed', endedAt: h.now.toISOString(), tokens: [], tasks: [], timers: [] });
  });

  it('terminates: every other token stops, its tasks and timers are cancelled, and the instance ends', () => {
    const h = new Harness(threePaths({ terminate: true }));
    h.start();
    const b = h.task('b');
    const timers = h.current.timers.map((t) => t.id);
    expect(timers).toHaveLength(2); // b's escalation and the timer node
    h.complete('a', 'ok');
    expect(h.effects.map((e) => e.type)).toEqual([
      'task.complete',
      'node.leave', // a
      'node.enter', // endA
      'node.leave', // endA
      'task.cancel', // b
      'timer.cancel', // b's escalation
      'node.leave', // b, terminated
      'timer.cancel', // the timer node
      'node.leave', // wait, terminated
      'instance.terminate',
    ]);
    expect(h.of('task.cancel')).toEqual([{ type: 'task.cancel', taskId: b.id, node: 'b', at: h.now.toISOString(), cause: 'terminated' }]);
    expect(h.of('timer.cancel').flatMap((e) => e.timerIds).sort()).toEqual([...timers].sort());
    expect(h.of('node.leave').filter((e) => e.how === 'terminated').map((e) => e.node)).toEqual(['b', 'wait']);
    expect(h.effects.at(-1)).toEqual({ type: 'instance.terminate', at: h.now.toISOString(), cause: 'end', node: 'endA', reason: null });
    expect(h.current).toMatchObject({ status: 'terminated', tokens: [], tasks: [], timers: [], joins: {}, incidents: [] });

    expect(() => h.advance({ type: 'taskCompleted', taskId: b.id, outcome: 'ok' })).toThrow(expect.objectContaining({ code: 'process.task-not-open' }));
    expect(h.advance({ type: 'timerFired', timerId: timers[1]! }).effects).toEqual([]);
  });

  it('terminates before the other tokens of the same advance move on, and drops join counters', () => {
    const p = processOf(
      [
        { id: 'start', type: 'start' },
        { id: 'fork', type: 'parallelGateway' },
        { id: 'stop', type: 'end', terminate: true },
        { id: 'act', type: 'action', steps: [{ type: 'setFields', values: { status: '"ran"' } }] },
        { id: 'end', type: 'end' },
      ],
      [
        ['e0', 'start', 'fork'],
        ['f1', 'fork', 'stop'],
        ['f2', 'fork', 'act'],
        ['e2', 'act', 'end'],
      ],
    );
    const h = new Harness(p);
    h.start();
    expect(h.entered).toEqual(['start', 'fork', 'stop']);
    expect(h.of('record.update')).toEqual([]);
    expect(h.current.status).toBe('terminated');
  });

  it('cancels a running instance on a cancel event, and ignores one on an ended instance', () => {
    const h = new Harness(threePaths());
    h.start();
    h.advance({ type: 'cancel', reason: 'duplicate record' });
    expect(h.of('task.cancel').map((e) => e.node)).toEqual(['a', 'b']);
    expect(h.effects.at(-1)).toEqual({ type: 'instance.terminate', at: h.now.toISOString(), cause: 'cancel', node: null, reason: 'duplicate record' });
    expect(h.current.status).toBe('terminated');
    expect(h.advance({ type: 'cancel' }).effects).toEqual([]);
  });
});
