import type { ParallelGatewayNode } from '@mainline/model';
import { leaveNode } from '../leave-node.ts';
import type { ActiveToken, Run } from '../run.ts';
import { arriveAtJoin } from './join-counters.ts';

/**
 * A fork (at most one way in) sends a token along every outgoing edge, conditions ignored. A join
 * (several ways in) counts arrivals per incoming edge: the arriving token is absorbed, and when it
 * completes a set the join fires once and the token leads on.
 */
export function executeParallelGateway(run: Run, token: ActiveToken, node: ParallelGatewayNode): void {
  const incoming = run.index.incoming(node.id);
  const outgoing = run.index.outgoing(node.id);
  if (incoming.length < 2) return leaveNode(run, token, outgoing);
  const counters = (run.state.joins[node.id] ??= {});
  const fires = token.via !== null && arriveAtJoin(counters, incoming.map((e) => e.id), token.via);
  if (Object.keys(counters).length === 0) delete run.state.joins[node.id];
  leaveNode(run, token, fires ? outgoing : []);
}
