import { describe, expect, it } from 'vitest';
import { checkAutomaticCycles } from './process-cycles.ts';
import { edge, node, process, run, summary, withBase } from './test-fixtures.ts';
import type { Edge, Node } from '../generated/config.ts';

const runOn = (nodes: Node[], edges: Edge[]) => run(checkAutomaticCycles, withBase((p) => (p.processes = [process('flow', [node.start(), ...nodes, node.end()], edges)])));

describe('automatic cycles', () => {
  it('accepts a loop through a user task or a timer', () => {
    const loop = (waiting: Node) => [
      [node.action('a'), waiting, node.xgw('x', { defaultEdge: 'x_end' })],
      [edge('start', 'a'), edge('a', waiting.id), edge(waiting.id, 'x'), edge('x', 'a', { condition: 'amount > 1.0' }), edge('x', 'end')],
    ] as const;
    expect(runOn(...(loop(node.task('t')) as unknown as [Node[], Edge[]]))).toEqual([]);
    expect(runOn(...(loop(node.timer('w')) as unknown as [Node[], Edge[]]))).toEqual([]);
  });

  it('reports a loop of automatic nodes once, at one of its edges', () => {
    const diagnostics = runOn(
      [node.action('a'), node.action('b'), node.xgw('x', { defaultEdge: 'x_end' })],
      [edge('start', 'a'), edge('a', 'b'), edge('b', 'x'), edge('x', 'a', { condition: 'amount > 1.0' }), edge('x', 'end')],
    );
    expect(summary(diagnostics)).toEqual(['config.process.automatic-cycle /processes/0/edges/1']);
    expect(diagnostics[0]!.message.en).toBe('Process "flow" has an endless automatic loop "b" → "x" → "a" → "b": put a user task or a timer on it.');
  });

  it('reports a self-loop and separate loops separately', () => {
    const diagnostics = runOn(
      [node.action('a'), node.xgw('x', { defaultEdge: 'x_y' }), node.xgw('y', { defaultEdge: 'y_end' })],
      [edge('start', 'a'), edge('a', 'a'), edge('a', 'x'), edge('x', 'x', { condition: 'true' }), edge('x', 'y'), edge('y', 'end')],
    );
    expect(summary(diagnostics)).toEqual(['config.process.automatic-cycle /processes/0/edges/1', 'config.process.automatic-cycle /processes/0/edges/3']);
  });
});
