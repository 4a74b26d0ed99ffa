import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Process, UserTaskNode } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { processExprEnv } from './process-env.ts';
import { Harness } from './testing/engine-harness.ts';
import type { InstanceState } from './types.ts';

/**
 * Random walks through the complex-sales processes: random record values, then random events
 * (complete an open task with a random outcome and random form values, fire a pending timer,
 * retry an incident, now and then cancel). After every event the state must hold together.
 */
const pkg = loadTemplate('complex-sales');

/** Fields the processes decide on, with values worth trying. */
const knobs: Record<string, fc.Arbitrary<unknown>> = {
  bantScore: fc.constantFrom(20, 80, null),
  convertedAccount: fc.constantFrom('acc-1', null),
  disqualifyReason: fc.constantFrom('budget', null),
  economicBuyerCount: fc.constantFrom(0, 1),
  championCount: fc.constantFrom(0, 2),
  presalesEngineer: fc.constantFrom('u-pre', null),
  tenderRequired: fc.boolean(),
  tenderDeadline: fc.constantFrom(null, '2025-02-01T00:00:00Z', '2025-06-01T00:00:00Z'),
  closeDate: fc.constantFrom('2025-09-30', null),
  lostReason: fc.constantFrom('price', null),
  discount: fc.constantFrom(0.05, 0.3, null),
  hasNonStandardTerms: fc.boolean(),
  validUntil: fc.constantFrom('2025-04-30', null),
  projectManager: fc.constantFrom('u-pm', null),
  goLiveDate: fc.constantFrom('2025-06-01', '2024-12-01', null),
  acceptanceDate: fc.constantFrom('2025-07-01', null),
};
const record = fc.record(knobs, { requiredKeys: [] });

type Step = { kind: 'task' | 'timer' | 'retry' | 'cancel'; pick: number; outcome: number; values: Record<string, unknown> };
const step: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('task', 'task', 'task', 'timer', 'timer', 'retry', 'cancel'),
  pick: fc.nat(),
  outcome: fc.nat(),
  values: record,
});

function checkState(state: InstanceState): void {
  expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  const ids = [...state.tokens, ...state.tasks, ...state.timers, ...state.incidents].map((x) => x.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const token of state.tokens) {
    const w = token.waitsFor;
    if (w.type === 'task') expect(state.tasks.find((t) => t.id === w.taskId)).toMatchObject({ tokenId: token.id, node: token.node });
    if (w.type === 'timer') expect(state.timers.find((t) => t.id === w.timerId)).toMatchObject({ tokenId: token.id, kind: 'node' });
    if (w.type === 'incident') expect(state.incidents.find((i) => i.id === w.incidentId)).toMatchObject({ tokenId: token.id });
  }
  for (const task of state.tasks) expect(state.tokens.filter((t) => t.waitsFor.type === 'task' && t.waitsFor.taskId === task.id)).toHaveLength(1);
  for (const timer of state.timers) {
    if (timer.kind === 'escalation') expect(state.tasks.some((t) => t.id === timer.taskId)).toBe(true);
    else expect(state.tokens.some((t) => t.waitsFor.type === 'timer' && t.waitsFor.timerId === timer.id)).toBe(true);
  }
  for (const counters of Object.values(state.joins)) for (const n of Object.values(counters)) expect(n).toBeGreaterThan(0);
  if (state.status === 'completed' || state.status === 'terminated') {
    expect(state).toMatchObject({ tokens: [], tasks: [], timers: [], incidents: [], joins: {} });
    expect(state.endedAt).not.toBeNull();
  } else {
    expect(state.status).toBe(state.incidents.length > 0 ? 'incident' : 'running');
    expect(state.tokens.length + state.incidents.length).toBeGreaterThan(0);
  }
}

describe('random walks through the complex-sales processes', () => {
  for (const process of pkg.processes as Process[]) {
    it(`keep the state of ${process.id} consistent whatever happens`, () => {
      const expr = processExprEnv(pkg, process);
      fc.assert(
        fc.property(record, fc.array(step, { maxLength: 30 }), (values, steps) => {
          const h = new Harness(process, { record: values, expr });
          h.start();
          checkState(h.current);
          for (const s of steps) {
            const state = h.current;
            if (state.status === 'completed' || state.status === 'terminated') break;
            if (s.kind === 'task' && state.tasks.length > 0) {
              const task = state.tasks[s.pick % state.tasks.length]!;
              const node = process.nodes.find((n) => n.id === task.node) as UserTaskNode;
              h.complete(task.id, node.outcomes[s.outcome % node.outcomes.length]!.id, s.values);
            } else if (s.kind === 'timer' && state.timers.length > 0) {
              const timer = [...state.timers].sort((a, b) => a.dueAt.localeCompare(b.dueAt))[s.pick % state.timers.length]!;
              h.fire(timer, new Date(Math.max(h.now.getTime(), new Date(timer.dueAt).getTime())));
            } else if (s.kind === 'retry' && state.incidents.length > 0) {
              Object.assign(h.record, s.values);
              h.retry(state.incidents[s.pick % state.incidents.length]!.id);
            } else if (s.kind === 'cancel' && s.pick % 5 === 0) {
              h.advance({ type: 'cancel' });
            }
            checkState(h.current);
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});
