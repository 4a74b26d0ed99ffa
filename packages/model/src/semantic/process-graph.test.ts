import { describe, expect, it } from 'vitest';
import { buildContext } from './context.ts';
import { isAutomatic, processGraph } from './process-graph.ts';
import { edge, node, process, withBase } from './test-fixtures.ts';

describe('processGraph', () => {
  const pkg = withBase(
    (p) =>
      (p.processes = [
        process('flow', [node.start(), node.task('a'), node.task('a'), node.end()], [edge('start', 'a'), edge('a', 'end'), edge('a', 'ghost'), edge('ghost', 'end')]),
      ]),
  );

  it('resolves edges to the first node of an id and keeps unresolved ends apart', () => {
    const ctx = buildContext(pkg);
    const graph = processGraph(ctx, pkg.processes[0]!);
    expect(processGraph(ctx, pkg.processes[0]!)).toBe(graph);
    expect([...graph.canonical]).toEqual([1, 1, 0, 1]);
    expect([...graph.edgeFrom]).toEqual([0, 1, 1, -1]);
    expect([...graph.edgeTo]).toEqual([1, 3, -1, 3]);
    expect(graph.outEdges[1]).toEqual([1]);
    expect(graph.leaving[1]).toEqual([1, 2]);
    expect(graph.successors[0]).toEqual([1]);
    expect(graph.predecessors[3]).toEqual([1]);
  });

  it('tells automatic nodes from waiting ones', () => {
    expect(isAutomatic(node.action('x'))).toBe(true);
    expect(isAutomatic(node.xgw('x'))).toBe(true);
    expect(isAutomatic(node.task('x'))).toBe(false);
    expect(isAutomatic(node.timer('x'))).toBe(false);
  });
});
