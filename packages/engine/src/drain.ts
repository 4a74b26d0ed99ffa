import { enterNode } from './execute-node.ts';
import { raiseIncident } from './incidents.ts';
import type { Run } from './run.ts';

/**
 * Moves every token on the move until each rests (task, timer, incident), is absorbed by a join
 * or ends. Each node entry is a step; when the budget is spent, the tokens still on the move stop
 * before their next node with a `process.step-budget` incident (a retry moves them on).
 */
export function drain(run: Run): void {
  while (run.queue.length > 0) {
    if (run.steps >= run.budget) {
      const parked = run.queue;
      run.queue = [];
      for (const arrival of parked) {
        raiseIncident(run, {
          node: arrival.node,
          reason: 'process.step-budget',
          message: `The instance took more than ${run.budget} steps in one go; it stopped before "${arrival.node}". Retry to go on.`,
          retry: { kind: 'enter' },
          stops: { id: arrival.tokenId, node: arrival.node, via: arrival.via, since: run.at },
        });
      }
      return;
    }
    run.steps++;
    enterNode(run, run.queue.shift()!);
  }
}
