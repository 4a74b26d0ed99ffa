import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instanceProgress } from '../instance-progress.ts';
import { Harness, processOf, type NodeSpec } from '../testing/engine-harness.ts';
import { arriveAtJoin } from './join-counters.ts';

const task = (id: string): NodeSpec => ({ id, type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] });

/** start → fork → a, b → join → after → end */
const balanced = processOf(
  [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('a'), task('b'), { id: 'join', type: 'parallelGateway' }, task('after'), { id: 'end', type: 'end' }],
  [
    ['e0', 'start', 'fork'],
    ['fa', 'fork', 'a', { condition: 'false' }], // ignored: a fork takes every edge
    ['fb', 'fork', 'b'],
    ['aj', 'a', 'join'],
    ['bj', 'b', 'join'],
    ['j', 'join', 'after'],
    ['e9', 'after', 'end'],
  ],
);

/**
 * A fork into `left` tasks that merge into the join's edge `L` and `right` tasks that merge into
 * its edge `R`; the join leads to a task `after` (one per firing).
 */
function lopsided(left: number, right: number): ReturnType<typeof processOf> {
  const ls = Array.from({ length: left }, (_, i) => `l${i}`);
  const rs = Array.from({ length: right }, (_, i) => `r${i}`);
  return processOf(
    [
      { id: 'start', type: 'start' },
      { id: 'fork', type: 'parallelGateway' },
      ...[...ls, ...rs].map(task),
      { id: 'mergeL', type: 'exclusiveGateway' },
      { id: 'mergeR', type: 'exclusiveGateway' },
      { id: 'join', type: 'parallelGateway' },
      task('after'),
      { id: 'end', type: 'end' },
    ],
    [
      ['e0', 'start', 'fork'],
      ...ls.map((id): [string, string, string] => [`f-${id}`, 'fork', id]),
      ...rs.map((id): [string, string, string] => [`f-${id}`, 'fork', id]),
      ...ls.map((id): [string, string, string] => [`${id}-m`, id, 'mergeL']),
      ...rs.map((id): [string, string, string] => [`${id}-m`, id, 'mergeR']),
      ['L', 'mergeL', 'join'],
      ['R', 'mergeR', 'join'],
      ['j', 'join', 'after'],
      ['e9', 'after', 'end'],
    ],
  );
}

describe('parallelGateway', () => {
  it('forks along every outgoing edge, conditions ignored, and joins once both branches arrived', () => {
    const h = new Harness(balanced);
    h.start();
    expect(h.openTasks).toEqual(['a', 'b']);
    expect(h.of('node.leave').find((e) => e.node === 'fork')).toMatchObject({ edges: ['fa', 'fb'] });
    const tokens = h.current.tokens.map((t) => t.id);
    expect(new Set(tokens).size).toBe(2);

    h.complete('b', 'ok');
    expect(h.current.joins).toEqual({ join: { bj: 1 } });
    expect(h.of('task.create')).toEqual([]);
    expect(instanceProgress(balanced, h.current).active).toContainEqual({ node: 'join', waitsFor: 'join', arrivals: { bj: 1 } });

    h.complete('a', 'ok');
    expect(h.current.joins).toEqual({});
    expect(h.openTasks).toEqual(['after']);
    expect(h.of('node.leave').filter((e) => e.node === 'join')).toEqual([expect.objectContaining({ edges: ['j'] })]);
    h.complete('after', 'ok');
    expect(h.current.status).toBe('completed');
  });

  it('fires once when one incoming flow is taken twice before the other arrives; the surplus waits for the next set', () => {
    const h = new Harness(lopsided(2, 2));
    h.start();
    h.complete('l0', 'ok');
    h.complete('l1', 'ok');
    expect(h.current.joins).toEqual({ join: { L: 2 } });
    expect(h.openTasks).not.toContain('after');

    h.complete('r0', 'ok');
    expect(h.current.joins).toEqual({ join: { L: 1 } });
    expect(h.openTasks.filter((t) => t === 'after')).toHaveLength(1);

    h.complete('r1', 'ok');
    expect(h.current.joins).toEqual({});
    expect(h.openTasks).toEqual(['after', 'after']);
  });

  it('raises an incident when arrivals wait at a join and nothing else is running', () => {
    const h = new Harness(lopsided(2, 1));
    h.start();
    h.complete('l0', 'ok');
    h.complete('r0', 'ok');
    h.complete('after', 'ok');
    expect(h.current.joins).toEqual({});
    h.complete('l1', 'ok'); // the surplus: no R arrival can come any more
    expect(h.of('incident.raise')).toEqual([expect.objectContaining({ node: 'join', tokenId: null, reason: 'process.join-stuck', retry: { kind: 'join' } })]);
    expect(h.current).toMatchObject({ status: 'incident', joins: { join: { L: 1 } }, tokens: [] });
    expect(h.of('instance.complete')).toEqual([]);

    h.retry(); // still stuck
    expect(h.effects.map((e) => e.type)).toEqual(['incident.resolve', 'incident.raise']);
    h.advance({ type: 'cancel', reason: 'stuck' });
    expect(h.current).toMatchObject({ status: 'terminated', joins: {}, incidents: [] });
  });

  it('fires min(arrivals per flow) times over any interleaving of arrivals (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.infiniteStream(fc.nat()),
        (left, right, picks) => {
          const h = new Harness(lopsided(left, right));
          h.start();
          const branchTasks = () => h.current.tasks.filter((t) => t.node !== 'after');
          const done = { L: 0, R: 0 };
          const iterator = picks[Symbol.iterator]();
          while (branchTasks().length > 0) {
            const open = branchTasks();
            const pick = open[iterator.next().value % open.length]!;
            h.complete(pick.id, 'ok');
            done[pick.node.startsWith('l') ? 'L' : 'R']++;
            const fired = h.current.tasks.filter((t) => t.node === 'after').length;
            expect(fired).toBe(Math.min(done.L, done.R));
            const waiting = h.current.joins.join ?? {};
            expect(waiting.L ?? 0).toBe(done.L - fired);
            expect(waiting.R ?? 0).toBe(done.R - fired);
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  describe('arriveAtJoin', () => {
    it('fires exactly once per complete set over any sequence of arrivals (property)', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 2, max: 5 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 40 }))),
          ([n, arrivals]) => {
            const edges = Array.from({ length: n }, (_, i) => `e${i}`);
            const counters: Record<string, number> = {};
            const seen = edges.map(() => 0);
            let fired = 0;
            for (const k of arrivals) {
              seen[k]!++;
              if (arriveAtJoin(counters, edges, edges[k]!)) fired++;
              expect(fired).toBe(Math.min(...seen));
              edges.forEach((e, i) => expect(counters[e] ?? 0).toBe(seen[i]! - fired));
            }
          },
        ),
      );
    });
  });
});
