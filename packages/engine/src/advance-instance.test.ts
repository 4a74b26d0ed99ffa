import { describe, expect, it } from 'vitest';
import { advanceInstance } from './advance-instance.ts';
import { Harness, dealExpr, processOf, T0 } from './testing/engine-harness.ts';

/** An automatic loop (the validator refuses it; the engine must still stop): act → gate → act while count < 1000000. */
const endless = processOf(
  [
    { id: 'start', type: 'start' },
    { id: 'act', type: 'action', steps: [{ type: 'setFields', values: { count: 'count + 1' } }] },
    { id: 'gate', type: 'exclusiveGateway', defaultEdge: 'out' },
    { id: 'end', type: 'end' },
  ],
  [
    ['e1', 'start', 'act'],
    ['e2', 'act', 'gate'],
    ['again', 'gate', 'act', { condition: 'count < 1000000' }],
    ['out', 'gate', 'end'],
  ],
);

const simple = processOf(
  [
    { id: 'start', type: 'start' },
    { id: 'fork', type: 'parallelGateway' },
    { id: 'a', type: 'userTask', assignee: { type: 'user', user: 'field:owner' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }], sla: { due: 'P1D' } },
    { id: 'w', type: 'timer', duration: 'P1D' },
    { id: 'join', type: 'parallelGateway' },
    { id: 'end', type: 'end' },
  ],
  [
    ['e1', 'start', 'fork'],
    ['fa', 'fork', 'a'],
    ['fw', 'fork', 'w'],
    ['aj', 'a', 'join'],
    ['wj', 'w', 'join'],
    ['e2', 'join', 'end'],
  ],
);

describe('advanceInstance', () => {
  it('never loops forever: past the step budget the token stops with an incident, and a retry goes on with a fresh budget', () => {
    const h = new Harness(endless, { record: { count: 0 }, stepBudget: 50 });
    h.start();
    expect(h.of('node.enter')).toHaveLength(50);
    expect(h.of('incident.raise')).toEqual([expect.objectContaining({ reason: 'process.step-budget', retry: { kind: 'enter' } })]);
    expect(h.current.status).toBe('incident');
    const stoppedAt = h.current.tokens[0]!.node;
    h.retry();
    expect(h.of('node.enter')[0]!.node).toBe(stoppedAt);
    expect(h.of('node.enter')).toHaveLength(50);
    h.record.count = 2_000_000; // the data fix: the loop ends
    h.retry();
    expect(h.current.status).toBe('completed');
  });

  it('has a default step budget', () => {
    const h = new Harness(endless, { record: { count: 0 } });
    h.start();
    expect(h.of('node.enter')).toHaveLength(1000);
    expect(h.current.status).toBe('incident');
  });

  it('is deterministic and leaves its inputs alone', () => {
    const state = Object.freeze(new Harness(simple).start().state);
    const record = Object.freeze({ id: 'r', owner: 'u1', orgUnit: 'east' });
    const env = () => {
      let n = 100;
      return { now: T0, record, expr: dealExpr, newId: () => `x${n++}` };
    };
    const a = advanceInstance(simple, state, { type: 'cancel' }, env());
    const b = advanceInstance(simple, state, { type: 'cancel' }, env());
    expect(b).toEqual(a);
    expect(state.status).toBe('running');
    expect(a.state).not.toBe(state);
  });

  it('keeps a state that survives JSON', () => {
    const h = new Harness(simple);
    h.start();
    expect(JSON.parse(JSON.stringify(h.current))).toEqual(h.current);
    h.fire(h.timer('w'));
    expect(JSON.parse(JSON.stringify(h.current))).toEqual(h.current);
  });

  it('refuses to retry an incident that is not open', () => {
    const h = new Harness(simple);
    h.start();
    expect(() => h.advance({ type: 'incidentRetried', incidentId: 'nope' })).toThrow(expect.objectContaining({ code: 'process.incident-unknown' }));
  });
});
