import type { Process, Stage } from '@mainline/model';
import { indexProcess } from './process-index.ts';
import type { InstanceState, InstanceStatus } from './types.ts';

export interface StageProgress {
  stage: Stage;
  /** Stages before the current one in stage-bar order are `done`, after it `upcoming`; all `done` once completed. */
  state: 'done' | 'current' | 'upcoming';
}

/** A node where the instance is: a token waiting for a task or a timer, stopped by an incident, or arrivals waiting at a join. */
export type ActiveNode =
  | { node: string; waitsFor: 'task'; tokenId: string; taskId: string; since: string }
  | { node: string; waitsFor: 'timer'; tokenId: string; timerId: string; since: string }
  | { node: string; waitsFor: 'incident'; tokenId: string | null; incidentId: string; since: string }
  | { node: string; waitsFor: 'join'; arrivals: Record<string, number> };

export interface InstanceProgress {
  status: InstanceStatus;
  stage: string | null;
  stages: StageProgress[];
  active: ActiveNode[];
}

/** Where an instance is, for the stage bar and the canvas: its stage among the process's stages and its active nodes. */
export function instanceProgress(process: Process, state: InstanceState): InstanceProgress {
  const order = indexProcess(process).stageOrder;
  const current = state.stage === null ? -1 : order.indexOf(state.stage);
  const stages = (process.stages ?? []).map((stage, i): StageProgress => ({
    stage,
    state: state.status === 'completed' || i < current ? 'done' : i === current ? 'current' : 'upcoming',
  }));
  const active: ActiveNode[] = state.tokens.map((token): ActiveNode => {
    const { waitsFor } = token;
    if (waitsFor.type === 'task') return { node: token.node, waitsFor: 'task', tokenId: token.id, taskId: waitsFor.taskId, since: token.since };
    if (waitsFor.type === 'timer') return { node: token.node, waitsFor: 'timer', tokenId: token.id, timerId: waitsFor.timerId, since: token.since };
    return { node: token.node, waitsFor: 'incident', tokenId: token.id, incidentId: waitsFor.incidentId, since: token.since };
  });
  for (const incident of state.incidents) {
    if (incident.tokenId === null) active.push({ node: incident.node, waitsFor: 'incident', tokenId: null, incidentId: incident.id, since: incident.at });
  }
  for (const [node, arrivals] of Object.entries(state.joins)) active.push({ node, waitsFor: 'join', arrivals: { ...arrivals } });
  return { status: state.status, stage: state.stage, stages, active };
}
