import { describe, expect, it } from 'vitest';
import { cycleThrough, cyclicComponents, reachable } from './graph.ts';

describe('graph helpers', () => {
  it('finds cyclic components only', () => {
    // 0 → 1 → 2 → 0, 3 → 3, 4 → 5
    const adj = [[1], [2], [0], [3], [5], []];
    expect(cyclicComponents(adj)).toEqual([[0, 1, 2], [3]]);
  });

  it('handles a long chain without recursion', () => {
    const n = 200_000;
    const adj = Array.from({ length: n }, (_, i) => (i + 1 < n ? [i + 1] : [0]));
    const components = cyclicComponents(adj);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });

  it('gives a shortest cycle through a node', () => {
    const adj = [[1, 3], [2], [0], [0]];
    expect(cycleThrough(adj, [0, 1, 2, 3], 0)).toEqual([0, 3]);
    expect(cycleThrough(adj, [0, 1, 2, 3], 1)).toEqual([1, 2, 0]);
  });

  it('marks reachable nodes', () => {
    expect([...reachable([[1], [], [0]], [0])]).toEqual([1, 1, 0]);
  });
});
