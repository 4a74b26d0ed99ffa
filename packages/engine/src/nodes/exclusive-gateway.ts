import type { ExclusiveGatewayNode } from '@mainline/model';
import { holds } from '../evaluate.ts';
import { raiseIncident } from '../incidents.ts';
import { leaveNode } from '../leave-node.ts';
import type { ActiveToken, Run } from '../run.ts';

/**
 * A decision: the outgoing edges are tried in the order the definition lists them and the first
 * whose condition holds is taken (an edge without a condition, other than the default, is a
 * merge's way out and is taken as it comes); then the default edge. No match and no default, or a
 * condition that fails to evaluate, stops the token with an incident; a retry decides again on
 * the record as it is then.
 */
export function executeExclusiveGateway(run: Run, token: ActiveToken, node: ExclusiveGatewayNode): void {
  const edges = run.index.outgoing(node.id);
  for (const edge of edges) {
    if (edge.id === node.defaultEdge) continue;
    if (edge.condition === undefined) return leaveNode(run, token, [edge]);
    const result = holds(run, edge.condition, `the condition of edge "${edge.id}"`);
    if (!result.ok) {
      raiseIncident(run, { node: node.id, reason: 'process.expression-failed', message: result.message, retry: { kind: 'execute' }, stops: token });
      return;
    }
    if (result.value) return leaveNode(run, token, [edge]);
  }
  const fallback = edges.find((e) => e.id === node.defaultEdge);
  if (fallback) return leaveNode(run, token, [fallback]);
  raiseIncident(run, {
    node: node.id,
    reason: 'process.gateway-no-match',
    message: `No condition of gateway "${node.id}" holds and it has no default edge; fix the record and retry.`,
    retry: { kind: 'execute' },
    stops: token,
  });
}
