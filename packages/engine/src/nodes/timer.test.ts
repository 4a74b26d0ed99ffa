import { describe, expect, it } from 'vitest';
import { Harness, processOf, T0, type NodeSpec } from '../testing/engine-harness.ts';

function waitThenTask(timer: Partial<NodeSpec>): ReturnType<typeof processOf> {
  return processOf(
    [
      { id: 'start', type: 'start' },
      { id: 'wait', type: 'timer', ...timer },
      { id: 'call', type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] },
      { id: 'end', type: 'end' },
    ],
    [
      ['e1', 'start', 'wait'],
      ['e2', 'wait', 'call'],
      ['e3', 'call', 'end'],
    ],
  );
}

describe('timer', () => {
  it('waits for a duration from now, then leads on when the timer fires', () => {
    const h = new Harness(waitThenTask({ duration: 'PT36H' }));
    h.start();
    const dueAt = new Date(T0.getTime() + 36 * 3600_000).toISOString();
    expect(h.of('timer.schedule')).toEqual([{ type: 'timer.schedule', timerId: 'id2', dueAt, node: 'wait', tokenId: 'id1', kind: 'node', taskId: null, escalation: null, repeat: null }]);
    expect(h.current.tokens).toEqual([expect.objectContaining({ node: 'wait', waitsFor: { type: 'timer', timerId: 'id2' } })]);
    expect(h.current.timers).toEqual([{ id: 'id2', kind: 'node', node: 'wait', tokenId: 'id1', dueAt }]);

    h.fire(h.timer('wait'));
    expect(h.entered).toEqual(['call']);
    expect(h.of('node.leave')[0]).toMatchObject({ node: 'wait', enteredAt: T0.toISOString(), at: dueAt, edges: ['e2'] });
    expect(h.current.timers).toEqual([]);
  });

  it('waits until the time an expression gives', () => {
    const h = new Harness(waitThenTask({ until: 'addDays(dueDate, 7)' }), { record: { dueDate: '2025-04-01' } });
    h.start();
    expect(h.of('timer.schedule')[0]!.dueAt).toBe('2025-04-08T00:00:00.000Z');
  });

  it('leads on at once, without a timer, when that time has passed', () => {
    const h = new Harness(waitThenTask({ until: 'dueDate' }), { record: { dueDate: '2025-01-01' } });
    h.start();
    expect(h.of('timer.schedule')).toEqual([]);
    expect(h.openTasks).toEqual(['call']);
  });

  it('stops with an incident when the expression gives no time, and schedules on retry once the record has one', () => {
    const h = new Harness(waitThenTask({ until: 'dueDate' }));
    h.start();
    expect(h.of('incident.raise')).toEqual([expect.objectContaining({ node: 'wait', reason: 'process.timer-no-time', retry: { kind: 'execute' } })]);
    h.record.dueDate = '2025-06-01';
    h.retry();
    expect(h.of('timer.schedule')).toEqual([expect.objectContaining({ node: 'wait', dueAt: '2025-06-01T00:00:00.000Z' })]);
    expect(h.current.status).toBe('running');
  });

  it('ignores a timer that fires twice or that it does not know, and refuses an escalation event for a node timer', () => {
    const h = new Harness(waitThenTask({ duration: 'P1D' }));
    h.start();
    const timer = h.timer('wait');
    h.fire(timer);
    const after = h.current;
    expect(h.fire(timer).effects).toEqual([]);
    expect(h.current).toEqual(after);
    expect(h.advance({ type: 'timerFired', timerId: 'unknown' }).effects).toEqual([]);

    const other = new Harness(waitThenTask({ duration: 'P1D' }));
    other.start();
    expect(() => other.advance({ type: 'escalationFired', timerId: other.timer('wait').id })).toThrow(expect.objectContaining({ code: 'process.timer-kind' }));
  });
});
