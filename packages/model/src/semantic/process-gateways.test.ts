import { describe, expect, it } from 'vitest';
import { checkProcessGateways } from './process-gateways.ts';
import { edge, node, process, run, summary, withBase } from './test-fixtures.ts';
import type { Edge, Node } from '../generated/config.ts';

const decision = (gw: Node, edges: Edge[]) =>
  summary(run(checkProcessGateways, withBase((p) => (p.processes = [process('flow', [node.start(), gw, node.task('a'), node.task('b'), node.end()], [edge('start', 'gw'), ...edges, edge('a', 'end'), edge('b', 'end')])]))));

describe('exclusive gateways', () => {
  it('accepts conditions with a default edge, or with onNoMatch incident', () => {
    expect(decision(node.xgw('gw', { defaultEdge: 'gw_b' }), [edge('gw', 'a', { condition: 'amount > 10.0' }), edge('gw', 'b')])).toEqual([]);
    expect(decision(node.xgw('gw', { onNoMatch: 'incident' }), [edge('gw', 'a', { condition: 'amount > 10.0' }), edge('gw', 'b', { condition: 'amount <= 10.0' })])).toEqual([]);
  });

  it('needs a default or onNoMatch', () => {
    const diagnostics = decision(node.xgw('gw'), [edge('gw', 'a', { condition: 'amount > 10.0' }), edge('gw', 'b', { condition: 'amount <= 10.0' })]);
    expect(diagnostics).toEqual(['config.process.gateway-no-default /processes/0/nodes/1']);
  });

  it('needs conditions on the non-default edges, none on the default', () => {
    expect(decision(node.xgw('gw', { defaultEdge: 'gw_b' }), [edge('gw', 'a'), edge('gw', 'b', { condition: 'true' })])).toEqual([
      'config.process.gateway-default-condition /processes/0/edges/2/condition',
      'config.process.gateway-condition-missing /processes/0/edges/1',
    ]);
  });

  it('needs the default edge to leave the gateway', () => {
    expect(decision(node.xgw('gw', { defaultEdge: 'a_end' }), [edge('gw', 'a', { condition: 'true' }), edge('gw', 'b', { condition: 'false' })])).toEqual(['config.process.gateway-default-edge /processes/0/nodes/1/defaultEdge']);
  });

  it('needs two ways out for a decision, accepts a merge', () => {
    const one = summary(run(checkProcessGateways, withBase((p) => (p.processes = [process('flow', [node.start(), node.xgw('gw'), node.end()], [edge('start', 'gw'), edge('gw', 'end')])]))));
    expect(one).toEqual(['config.process.gateway-outgoing /processes/0/nodes/1']);
    const merge = withBase(
      (p) =>
        (p.processes = [
          process(
            'flow',
            [node.start(), node.xgw('split', { defaultEdge: 'split_b' }), node.task('a'), node.task('b'), node.xgw('merge'), node.end()],
            [edge('start', 'split'), edge('split', 'a', { condition: 'amount > 1.0' }), edge('split', 'b'), edge('a', 'merge'), edge('b', 'merge'), edge('merge', 'end')],
          ),
        ]),
    );
    expect(run(checkProcessGateways, merge)).toEqual([]);
  });
});

describe('parallel gateways', () => {
  const parallel = (nodes: Node[], edges: Edge[]) => summary(run(checkProcessGateways, withBase((p) => (p.processes = [process('flow', [node.start(), ...nodes, node.end()], edges)]))));

  it('accepts a fork and a join', () => {
    expect(parallel([node.pgw('fork'), node.task('a'), node.task('b'), node.pgw('join')], [edge('start', 'fork'), edge('fork', 'a'), edge('fork', 'b'), edge('a', 'join'), edge('b', 'join'), edge('join', 'end')])).toEqual([]);
  });

  it('refuses a gateway that is neither, and warns about conditions on a fork', () => {
    expect(parallel([node.pgw('p'), node.task('a')], [edge('start', 'p'), edge('p', 'a'), edge('a', 'end')])).toEqual(['config.process.parallel-shape /processes/0/nodes/1']);
    const diagnostics = run(
      checkProcessGateways,
      withBase((p) => (p.processes = [process('flow', [node.start(), node.pgw('fork'), node.task('a'), node.end()], [edge('start', 'fork'), edge('fork', 'a', { condition: 'true' }), edge('fork', 'end'), edge('a', 'end')])])),
    );
    expect(summary(diagnostics)).toEqual(['config.process.parallel-condition /processes/0/edges/1/condition']);
    expect(diagnostics[0]!.severity).toBe('warning');
  });
});
