import type { Effect } from './effects.ts';
import type { ProcessIndex } from './process-index.ts';
import type { EngineEnv, InstanceState } from './types.ts';

export const DEFAULT_STEP_BUDGET = 1000;

/** A token on the move within one advance: it is about to enter `node`. */
export interface Arrival {
  tokenId: string;
  node: string;
  via: string | null;
}

/** A token at a node while the node runs (`since`: when it arrived there). */
export interface ActiveToken {
  id: string;
  node: string;
  via: string | null;
  since: string;
}

/** The working copy of one advance: the state and record it changes, the effects it collects, the tokens still to move. */
export interface Run {
  index: ProcessIndex;
  state: InstanceState;
  record: Record<string, unknown>;
  env: EngineEnv;
  /** `env.now` as ISO text. */
  at: string;
  effects: Effect[];
  queue: Arrival[];
  steps: number;
  budget: number;
}

export function createRun(index: ProcessIndex, state: InstanceState, env: EngineEnv): Run {
  return {
    index,
    state: structuredClone(state),
    record: { ...env.record },
    env,
    at: env.now.toISOString(),
    effects: [],
    queue: [],
    steps: 0,
    budget: env.stepBudget ?? DEFAULT_STEP_BUDGET,
  };
}

export function isFinal(state: InstanceState): boolean {
  return state.status === 'completed' || state.status === 'terminated';
}

/** Takes a resting token out of the state (it is about to move again). */
export function takeToken(run: Run, tokenId: string): ActiveToken | undefined {
  const i = run.state.tokens.findIndex((t) => t.id === tokenId);
  if (i === -1) return undefined;
  const [token] = run.state.tokens.splice(i, 1);
  return { id: token!.id, node: token!.node, via: token!.via, since: token!.since };
}
