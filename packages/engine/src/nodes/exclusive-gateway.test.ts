import { describe, expect, it } from 'vitest';
import type { Edge } from '@mainline/model';
import { Harness, processOf, type NodeSpec } from '../testing/engine-harness.ts';

const task = (id: string): NodeSpec => ({ id, type: 'userTask', assignee: { type: 'queue', queue: 'desk' }, outcomes: [{ id: 'ok', label: { en: 'OK' } }] });

/** start → gate → one task per way out (a, b, c) → end; `ways` are the gateway's edges in order. */
function decision(gateway: Partial<NodeSpec>, ways: [string, string, Partial<Edge>?][]): ReturnType<typeof processOf> {
  return processOf(
    [{ id: 'start', type: 'start' }, { id: 'gate', type: 'exclusiveGateway', ...gateway }, task('a'), task('b'), task('c'), { id: 'end', type: 'end' }],
    [
      ['e0', 'start', 'gate'],
      ...ways.map(([id, to, more]): [string, string, string, Partial<Edge>?] => [id, 'gate', to, more]),
      ['ea', 'a', 'end'],
      ['eb', 'b', 'end'],
      ['ec', 'c', 'end'],
    ],
  );
}

describe('exclusiveGateway', () => {
  const ordered = decision({ defaultEdge: 'toC' }, [
    ['toC', 'c'], // the default, listed first: still only the fallback
    ['big', 'a', { condition: 'amount > 1000.0' }],
    ['bigger', 'b', { condition: 'amount > 10.0' }],
  ]);

  it('takes the first edge in the listed order whose condition holds', () => {
    const h = new Harness(ordered, { record: { amount: 5000 } });
    h.start();
    expect(h.openTasks).toEqual(['a']);
    expect(h.of('node.leave').find((e) => e.node === 'gate')).toMatchObject({ edges: ['big'] });
  });

  it('takes the default edge when no condition holds, null values included', () => {
    for (const amount of [5, null, undefined]) {
      const h = new Harness(ordered, { record: { amount } });
      h.start();
      expect(h.openTasks).toEqual(['c']);
    }
  });

  it('stops with an incident when nothing matches and there is no default; a retry after the fix decides again', () => {
    const p = decision({ onNoMatch: 'incident' }, [
      ['north', 'a', { condition: 'region == "north"' }],
      ['south', 'b', { condition: 'region == "south"' }],
    ]);
    const h = new Harness(p, { record: { region: 'west' } });
    h.start();
    const [incident] = h.of('incident.raise');
    expect(incident).toMatchObject({ node: 'gate', tokenId: 'id1', reason: 'process.gateway-no-match', retry: { kind: 'execute' } });
    expect(h.current.status).toBe('incident');
    expect(h.current.tokens).toEqual([expect.objectContaining({ node: 'gate', waitsFor: { type: 'incident', incidentId: incident!.incidentId } })]);

    h.retry(); // nothing fixed: the same problem, a new incident
    expect(h.effects.map((e) => e.type)).toEqual(['incident.resolve', 'incident.raise']);
    expect(h.current.incidents).toHaveLength(1);
    expect(h.current.status).toBe('incident');

    h.record.region = 'south';
    h.retry();
    expect(h.effects.map((e) => e.type)).toEqual(['incident.resolve', 'node.leave', 'node.enter', 'task.create']);
    expect(h.openTasks).toEqual(['b']);
    expect(h.current).toMatchObject({ status: 'running', incidents: [] });
  });

  it('stops with an incident when a condition cannot be evaluated', () => {
    const p = decision({ defaultEdge: 'toC' }, [
      ['ratio', 'a', { condition: 'amount / double(count) > 2.0 && 10 / count > 1' }],
      ['toC', 'c'],
    ]);
    const h = new Harness(p, { record: { amount: 10, count: 0 } });
    h.start();
    expect(h.of('incident.raise')).toEqual([expect.objectContaining({ node: 'gate', reason: 'process.expression-failed' })]);
    expect(h.openTasks).toEqual([]);
  });

  it('decides with the signed-in user where a condition names them', () => {
    const p = decision({ defaultEdge: 'toC' }, [
      ['mine', 'a', { condition: 'owner == user.id' }],
      ['toC', 'c'],
    ]);
    const as = (id: string) => ({ user: { id, username: id, orgUnit: 'east', roles: [], units: ['east'] } });
    const owner = new Harness(p, as('u-owner'));
    owner.start();
    expect(owner.openTasks).toEqual(['a']);
    const other = new Harness(p, as('u-other'));
    other.start();
    expect(other.openTasks).toEqual(['c']);
  });

  it('as a merge (several ways in, one out) lets every arrival through without waiting', () => {
    const p = processOf(
      [{ id: 'start', type: 'start' }, { id: 'fork', type: 'parallelGateway' }, task('a'), task('b'), { id: 'merge', type: 'exclusiveGateway' }, task('after'), { id: 'end', type: 'end' }],
      [
        ['e0', 'start', 'fork'],
        ['fa', 'fork', 'a'],
        ['fb', 'fork', 'b'],
        ['am', 'a', 'merge'],
        ['bm', 'b', 'merge'],
        ['m', 'merge', 'after'],
        ['end', 'after', 'end'],
      ],
    );
    const h = new Harness(p);
    h.start();
    h.complete('a', 'ok');
    expect(h.openTasks).toEqual(['after', 'b']);
    h.complete('b', 'ok');
    expect(h.openTasks).toEqual(['after', 'after']);
  });
});
