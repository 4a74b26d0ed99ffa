import type { Edge } from '@mainline/model';
import type { NodeLeaveEffect } from './effects.ts';
import { holds } from './evaluate.ts';
import { raiseIncident } from './incidents.ts';
import type { ActiveToken, Run } from './run.ts';

export interface Leaving {
  outcome?: string | null;
  sla?: NodeLeaveEffect['sla'];
  how?: NodeLeaveEffect['how'];
}

/**
 * The token leaves its node along `edges`: a history event, then one arrival per edge (the first
 * keeps the token's id, each further edge is a new token). No edges: the path ends here.
 */
export function leaveNode(run: Run, token: ActiveToken, edges: readonly Edge[], leaving: Leaving = {}): void {
  run.effects.push({
    type: 'node.leave',
    at: run.at,
    node: token.node,
    tokenId: token.id,
    enteredAt: token.since,
    how: leaving.how ?? 'done',
    edges: edges.map((e) => e.id),
    outcome: leaving.outcome ?? null,
    sla: leaving.sla ?? null,
  });
  edges.forEach((edge, i) => run.queue.push({ tokenId: i === 0 ? token.id : run.env.newId(), node: edge.to, via: edge.id }));
}

/**
 * Leaves a start, action, timer or user task node: every outgoing edge (for a task, those naming
 * the outcome, or the unnamed one) whose condition holds or that has none. A condition that fails
 * to evaluate, or no edge to take, stops the token with an incident that a retry re-evaluates.
 */
export function takeOutgoing(run: Run, token: ActiveToken, outcome: string | null, leaving: Leaving = {}): void {
  let edges = run.index.outgoing(token.node);
  if (outcome !== null) {
    const named = edges.filter((e) => e.outcome === outcome);
    edges = named.length > 0 ? named : edges.filter((e) => e.outcome === undefined);
  }
  const taken: Edge[] = [];
  for (const edge of edges) {
    if (edge.condition === undefined) {
      taken.push(edge);
      continue;
    }
    const result = holds(run, edge.condition, `the condition of edge "${edge.id}"`);
    if (!result.ok) {
      raiseIncident(run, { node: token.node, reason: 'process.expression-failed', message: result.message, retry: { kind: 'leave', outcome }, stops: token });
      return;
    }
    if (result.value) taken.push(edge);
  }
  if (taken.length === 0) {
    const message = `No outgoing edge of "${token.node}" can be taken${outcome === null ? '' : ` for outcome "${outcome}"`}: none exists or no condition holds.`;
    raiseIncident(run, { node: token.node, reason: 'process.no-way-out', message, retry: { kind: 'leave', outcome }, stops: token });
    return;
  }
  leaveNode(run, token, taken, { ...leaving, outcome });
}
