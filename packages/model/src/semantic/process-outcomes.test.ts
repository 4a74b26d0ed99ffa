import { describe, expect, it } from 'vitest';
import { checkProcessOutcomes } from './process-outcomes.ts';
import { edge, node, process, run, summary, text, withBase } from './test-fixtures.ts';
import type { Edge } from '../generated/config.ts';

const outcomes = [
  { id: 'approve', label: text('Approve') },
  { id: 'reject', label: text('Reject') },
];
const check = (edges: Edge[]) =>
  summary(
    run(
      checkProcessOutcomes,
      withBase((p) => (p.processes = [process('flow', [node.start(), node.task('t', { outcomes }), node.action('fix'), node.end()], [edge('start', 't'), ...edges, edge('fix', 'end')])])),
    ),
  );

describe('user task outcomes', () => {
  it('accepts one edge per outcome', () => {
    expect(check([edge('t', 'end', { outcome: 'approve' }), edge('t', 'fix', { outcome: 'reject' })])).toEqual([]);
  });

  it('accepts a single unnamed edge for every outcome', () => {
    expect(check([edge('t', 'end')])).toEqual([]);
  });

  it('needs an outcome on each edge when there are several', () => {
    expect(check([edge('t', 'end', { outcome: 'approve' }), edge('t', 'fix')])).toEqual(['config.process.outcome-missing /processes/0/edges/2', 'config.process.outcome-unused /processes/0/nodes/1/outcomes/1']);
  });

  it('reports unknown, repeated and unused outcomes', () => {
    expect(check([edge('t', 'end', { outcome: 'approve' }), edge('t', 'fix', { outcome: 'maybe' })])).toEqual(['config.reference.unknown-outcome /processes/0/edges/2/outcome', 'config.process.outcome-unused /processes/0/nodes/1/outcomes/1']);
    expect(check([edge('t', 'end', { outcome: 'approve' }), edge('t', 'fix', { outcome: 'approve', id: 'again' }), edge('t', 'end', { id: 'no', outcome: 'reject' })])).toEqual([
      'config.process.outcome-duplicate /processes/0/edges/2/outcome',
    ]);
    expect(check([edge('t', 'end', { outcome: 'approve' })])).toEqual(['config.process.outcome-unused /processes/0/nodes/1/outcomes/1']);
  });

  it('refuses an outcome on an edge that does not leave a user task', () => {
    const pkg = withBase((p) => (p.processes = [process('flow', [node.start(), node.action('a'), node.end()], [edge('start', 'a'), edge('a', 'end', { outcome: 'done' })])]));
    expect(summary(run(checkProcessOutcomes, pkg))).toEqual(['config.process.outcome-misplaced /processes/0/edges/1/outcome']);
  });
});
