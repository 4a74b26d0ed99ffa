import type { ActiveToken, Run } from './run.ts';
import type { IncidentReason, RetryPoint } from './types.ts';

export interface IncidentInput {
  node: string;
  reason: IncidentReason;
  message: string;
  retry: RetryPoint;
  /** The token the incident stops; it rests at the node until a retry. */
  stops?: ActiveToken;
  /** A token the incident concerns without stopping it (a failed reassignment). */
  concerns?: string;
}

export function raiseIncident(run: Run, input: IncidentInput): void {
  const id = run.env.newId();
  const tokenId = input.stops?.id ?? input.concerns ?? null;
  run.state.incidents.push({ id, node: input.node, tokenId, reason: input.reason, message: input.message, at: run.at, retry: input.retry });
  run.effects.push({ type: 'incident.raise', incidentId: id, at: run.at, node: input.node, tokenId, reason: input.reason, message: input.message, retry: input.retry });
  if (input.stops) {
    const { id: tokenId, node, via, since } = input.stops;
    run.state.tokens.push({ id: tokenId, node, via, since, waitsFor: { type: 'incident', incidentId: id } });
  }
}

/** Closes incidents that no longer apply (their task closed, the instance ended). */
export function resolveObsoleteIncidents(run: Run, applies: (incident: Run['state']['incidents'][number]) => boolean): void {
  const keep = [];
  for (const incident of run.state.incidents) {
    if (applies(incident)) run.effects.push({ type: 'incident.resolve', incidentId: incident.id, at: run.at, how: 'obsolete' });
    else keep.push(incident);
  }
  run.state.incidents = keep;
}
