import { executeAction } from './nodes/action.ts';
import { executeEnd } from './nodes/end.ts';
import { executeExclusiveGateway } from './nodes/exclusive-gateway.ts';
import { executeParallelGateway } from './nodes/parallel-gateway.ts';
import { executeStart } from './nodes/start.ts';
import { executeTimer } from './nodes/timer.ts';
import { executeUserTask } from './nodes/user-task.ts';
import type { ActiveToken, Arrival, Run } from './run.ts';

/** A token enters a node: history, the stage bar, then the node's own semantics. */
export function enterNode(run: Run, arrival: Arrival): void {
  const node = run.index.node(arrival.node);
  run.effects.push({ type: 'node.enter', at: run.at, node: node.id, tokenId: arrival.tokenId, via: arrival.via });
  if (node.stage !== undefined && node.stage !== run.state.stage) {
    run.effects.push({ type: 'stage.enter', at: run.at, stage: node.stage, previous: run.state.stage, node: node.id });
    run.state.stage = node.stage;
  }
  executeNode(run, { id: arrival.tokenId, node: node.id, via: arrival.via, since: run.at });
}

/** Runs a node's semantics for a token already in it (also what a retry of a failed node does). */
export function executeNode(run: Run, token: ActiveToken): void {
  const node = run.index.node(token.node);
  switch (node.type) {
    case 'start':
      return executeStart(run, token);
    case 'userTask':
      return executeUserTask(run, token, node);
    case 'action':
      return executeAction(run, token, node);
    case 'exclusiveGateway':
      return executeExclusiveGateway(run, token, node);
    case 'parallelGateway':
      return executeParallelGateway(run, token, node);
    case 'timer':
      return executeTimer(run, token, node);
    case 'end':
      return executeEnd(run, token, node);
  }
}
