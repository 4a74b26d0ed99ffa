import type { ReassignEscalation, UserTaskNode } from '@mainline/model';
import { reassignTask } from './escalation.ts';
import { EngineError } from './engine-error.ts';
import { executeNode } from './execute-node.ts';
import { takeOutgoing } from './leave-node.ts';
import { type Run, takeToken } from './run.ts';

/**
 * An admin retries an incident, usually after fixing the record: the incident closes and the
 * stopped work runs again from where it stopped, on the record as it is now. If the problem
 * remains, a new incident is raised.
 */
export function retryIncident(run: Run, incidentId: string): void {
  const incident = run.state.incidents.find((i) => i.id === incidentId);
  if (!incident) throw new EngineError('process.incident-unknown', `Incident "${incidentId}" is not open on this instance.`);
  run.state.incidents = run.state.incidents.filter((i) => i.id !== incidentId);
  run.effects.push({ type: 'incident.resolve', incidentId, at: run.at, how: 'retried' });
  const { retry } = incident;
  switch (retry.kind) {
    case 'enter': {
      const token = takeToken(run, incident.tokenId ?? '');
      if (token) run.queue.push({ tokenId: token.id, node: token.node, via: token.via });
      return;
    }
    case 'execute': {
      const token = takeToken(run, incident.tokenId ?? '');
      if (token) executeNode(run, token);
      return;
    }
    case 'leave': {
      const token = takeToken(run, incident.tokenId ?? '');
      if (token) takeOutgoing(run, token, retry.outcome);
      return;
    }
    case 'reassign': {
      const task = run.state.tasks.find((t) => t.id === retry.taskId);
      const escalation = task && (run.index.node(task.node) as UserTaskNode).sla?.escalations?.find((e) => e.id === retry.escalation);
      if (task && escalation) reassignTask(run, task, escalation, escalation.action as ReassignEscalation);
      return;
    }
    case 'join':
      return; // settle raises it again while the join is still stuck
  }
}
