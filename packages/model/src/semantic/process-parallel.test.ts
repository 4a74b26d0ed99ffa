import { describe, expect, it } from 'vitest';
import { checkParallelBalance } from './process-parallel.ts';
import { edge, node, process, run, summary, withBase } from './test-fixtures.ts';
import type { Edge, Node } from '../generated/config.ts';

const check = (nodes: Node[], edges: Edge[]) => summary(run(checkParallelBalance, withBase((p) => (p.processes = [process('flow', [node.start(), ...nodes, node.end()], edges)]))));
const tasks = (...ids: string[]) => ids.map((id) => node.task(id));

describe('parallel balance', () => {
  it('accepts a fork closed by its join', () => {
    expect(check([node.pgw('fork'), ...tasks('a', 'b'), node.pgw('join')], [edge('start', 'fork'), edge('fork', 'a'), edge('fork', 'b'), edge('a', 'join'), edge('b', 'join'), edge('join', 'end')])).toEqual([]);
  });

  it('accepts nested blocks and decisions inside branches', () => {
    const nodes = [node.pgw('f1'), node.pgw('f2'), ...tasks('a', 'b', 'c', 'd', 'e'), node.pgw('j2'), node.xgw('x', { defaultEdge: 'x_e' }), node.xgw('m'), node.pgw('j1')];
    const edges = [
      edge('start', 'f1'),
      edge('f1', 'f2'),
      edge('f1', 'x'),
      edge('f2', 'a'),
      edge('f2', 'b'),
      edge('a', 'j2'),
      edge('b', 'j2'),
      edge('j2', 'j1'),
      edge('x', 'd', { condition: 'amount > 1.0' }),
      edge('x', 'e'),
      edge('d', 'm'),
      edge('e', 'm'),
      edge('m', 'j1'),
      edge('j1', 'c'),
      edge('c', 'end'),
    ];
    expect(check(nodes, edges)).toEqual([]);
  });

  it('reports branches that end separately', () => {
    const diagnostics = check([node.pgw('fork'), ...tasks('a', 'b'), node.end('end2')], [edge('start', 'fork'), edge('fork', 'a'), edge('fork', 'b'), edge('a', 'end'), edge('b', 'end2')]);
    expect(diagnostics).toEqual(['config.process.parallel-unbalanced /processes/0/nodes/1']);
  });

  it('reports branches that meet somewhere other than a join', () => {
    expect(check([node.pgw('fork'), ...tasks('a', 'b', 'c')], [edge('start', 'fork'), edge('fork', 'a'), edge('fork', 'b'), edge('a', 'c'), edge('b', 'c'), edge('c', 'end')])).toEqual(['config.process.parallel-unbalanced /processes/0/nodes/1']);
  });

  it('reports a join that waits for more branches than the fork starts, and joins of another fork', () => {
    // fork f (2) and fork g (2) inside f's first branch all meet at j (3 in)
    const nodes = [node.pgw('f'), node.pgw('g'), ...tasks('a', 'b', 'c'), node.pgw('j')];
    const edges = [edge('start', 'f'), edge('f', 'g'), edge('f', 'c'), edge('g', 'a'), edge('g', 'b'), edge('a', 'j'), edge('b', 'j'), edge('c', 'j'), edge('j', 'end')];
    expect(check(nodes, edges)).toEqual(['config.process.parallel-unbalanced /processes/0/nodes/1', 'config.process.parallel-unbalanced /processes/0/nodes/2']);
  });

  it('reports a join without a fork (after a decision it would wait forever)', () => {
    const nodes = [node.xgw('x', { defaultEdge: 'x_b' }), ...tasks('a', 'b'), node.pgw('j')];
    const edges = [edge('start', 'x'), edge('x', 'a', { condition: 'amount > 1.0' }), edge('x', 'b'), edge('a', 'j'), edge('b', 'j'), edge('j', 'end')];
    const diagnostics = run(checkParallelBalance, withBase((p) => (p.processes = [process('flow', [node.start(), ...nodes, node.end()], edges)])));
    expect(summary(diagnostics)).toEqual(['config.process.parallel-unbalanced /processes/0/nodes/4']);
    expect(diagnostics[0]!.message.en).toBe('Parallel join "j" in process "flow" does not close a parallel fork; it would wait for branches that never all arrive.');
  });

  it('handles loops around a balanced block', () => {
    const nodes = [node.xgw('m'), node.pgw('fork'), ...tasks('a', 'b', 'review'), node.pgw('join'), node.xgw('again', { defaultEdge: 'again_end' })];
    const edges = [
      edge('start', 'm'),
      edge('m', 'fork'),
      edge('fork', 'a'),
      edge('fork', 'b'),
      edge('a', 'join'),
      edge('b', 'join'),
      edge('join', 'review'),
      edge('review', 'again'),
      edge('again', 'm', { condition: 'amount > 1.0' }),
      edge('again', 'end'),
    ];
    expect(check(nodes, edges)).toEqual([]);
    // looping straight back into the fork makes it a fork and a join at once: a shape error
    // (process-gateways.ts), not also an unclosed join here
    const direct = edges.filter((e) => e.from !== 'start' && e.to !== 'm').concat([edge('start', 'fork'), edge('again', 'fork', { condition: 'amount > 1.0' })]);
    expect(check(nodes.slice(1), direct)).toEqual([]);
  });
});
