import type { EndNode } from '@mainline/model';
import { leaveNode } from '../leave-node.ts';
import type { ActiveToken, Run } from '../run.ts';
import { terminateInstance } from '../terminate.ts';

/**
 * A normal end consumes the token (the instance completes once no token is left, see settle). A
 * terminate end ends the whole instance at once: every other token, task and timer is cancelled.
 */
export function executeEnd(run: Run, token: ActiveToken, node: EndNode): void {
  leaveNode(run, token, []);
  if (node.terminate === true) terminateInstance(run, { cause: 'end', node: node.id, reason: null });
}
