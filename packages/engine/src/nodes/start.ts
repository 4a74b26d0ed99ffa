import { takeOutgoing } from '../leave-node.ts';
import type { ActiveToken, Run } from '../run.ts';

/** The start node does nothing but lead on (the validator guarantees one way out). */
export function executeStart(run: Run, token: ActiveToken): void {
  takeOutgoing(run, token, null);
}
