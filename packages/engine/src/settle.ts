import { raiseIncident } from './incidents.ts';
import { isFinal, type Run } from './run.ts';

/**
 * After the tokens have moved: an instance with no token left completes, unless a parallel join
 * still holds arrivals — nothing can ever complete its set, so that is a `process.join-stuck`
 * incident instead (an admin cancels the instance). Then the status follows the open incidents.
 */
export function settle(run: Run): void {
  const { state } = run;
  if (isFinal(state)) return;
  if (state.tokens.length === 0 && run.queue.length === 0) {
    const stuck = Object.keys(state.joins).filter((join) => !state.incidents.some((i) => i.retry.kind === 'join' && i.node === join));
    for (const join of stuck) {
      const waiting = Object.entries(state.joins[join]!)
        .map(([edge, n]) => `${n} by "${edge}"`)
        .join(', ');
      raiseIncident(run, {
        node: join,
        reason: 'process.join-stuck',
        message: `Parallel join "${join}" holds arrivals (${waiting}) but nothing else is running, so its set can never complete.`,
        retry: { kind: 'join' },
      });
    }
    if (Object.keys(state.joins).length === 0 && state.incidents.length === 0) {
      state.status = 'completed';
      state.endedAt = run.at;
      run.effects.push({ type: 'instance.complete', at: run.at });
      return;
    }
  }
  state.status = state.incidents.length > 0 ? 'incident' : 'running';
}
