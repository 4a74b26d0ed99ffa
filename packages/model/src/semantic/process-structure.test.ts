import { describe, expect, it } from 'vitest';
import { checkProcessStructure } from './process-structure.ts';
import { edge, node, process, run, summary, withBase } from './test-fixtures.ts';
import type { Edge, Node } from '../generated/config.ts';

const check = (nodes: Node[], edges: Edge[]) => summary(run(checkProcessStructure, withBase((p) => (p.processes = [process('flow', nodes, edges)]))));

describe('process structure', () => {
  it('accepts start → task → end', () => {
    expect(check([node.start(), node.task('t'), node.end()], [edge('start', 't'), edge('t', 'end')])).toEqual([]);
  });

  it('needs exactly one start', () => {
    expect(check([node.task('t'), node.end()], [edge('t', 'end')])).toEqual(['config.process.start-count /processes/0/nodes']);
    expect(check([node.start(), node.start('again'), node.task('t'), node.end()], [edge('start', 't'), edge('again', 't'), edge('t', 'end')])).toEqual(['config.process.start-count /processes/0/nodes/1']);
  });

  it('needs a start with one way out and no way in', () => {
    expect(check([node.start(), node.task('a'), node.task('b'), node.end()], [edge('start', 'a'), edge('start', 'b'), edge('a', 'end'), edge('b', 'end')])).toEqual(['config.process.start-outgoing /processes/0/nodes/0']);
    expect(check([node.start(), node.task('a'), node.end()], [edge('start', 'a'), edge('a', 'start'), edge('a', 'end')])).toEqual(['config.process.start-incoming /processes/0/edges/1/to']);
  });

  it('refuses edges leaving an end and edges to unknown nodes', () => {
    expect(check([node.start(), node.task('a'), node.end()], [edge('start', 'a'), edge('a', 'end'), edge('end', 'a')])).toEqual(['config.process.end-outgoing /processes/0/edges/2/from']);
    const diagnostics = run(checkProcessStructure, withBase((p) => (p.processes = [process('flow', [node.start(), node.task('a'), node.end()], [edge('start', 'a'), edge('a', 'end'), edge('ghost', 'a'), edge('a', 'nowhere')])])));
    expect(summary(diagnostics)).toEqual(['config.process.edge-unknown-node /processes/0/edges/2/from', 'config.process.edge-unknown-node /processes/0/edges/3/to']);
    expect(diagnostics[0]!.message.en).toBe('Node "ghost" does not exist in process "flow" (source of edge "ghost_a").');
  });

  it('reports nodes the start cannot reach', () => {
    expect(check([node.start(), node.task('a'), node.task('island'), node.end()], [edge('start', 'a'), edge('a', 'end'), edge('island', 'end')])).toEqual(['config.process.unreachable /processes/0/nodes/2']);
  });

  it('reports nodes from which no end can be reached, and a process without an end', () => {
    expect(check([node.start(), node.task('a'), node.task('trap'), node.end()], [edge('start', 'a'), edge('a', 'end'), edge('a', 'trap')])).toEqual(['config.process.no-end /processes/0/nodes/2']);
    expect(check([node.start(), node.task('a'), node.task('b')], [edge('start', 'a'), edge('a', 'b'), edge('b', 'a')])).toEqual(['config.process.no-end /processes/0/nodes']);
  });

  it('reports an unreachable island once, not also as a dead end', () => {
    expect(check([node.start(), node.task('a'), node.end(), node.task('x'), node.task('y')], [edge('start', 'a'), edge('a', 'end'), edge('x', 'y'), edge('y', 'x')])).toEqual([
      'config.process.unreachable /processes/0/nodes/3',
      'config.process.unreachable /processes/0/nodes/4',
    ]);
  });
});
