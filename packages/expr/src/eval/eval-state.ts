import type { ExprVars } from '../types.ts';

/*
 * The variables of the evaluation in progress. Evaluation is synchronous, so one module-level
 * slot is enough and saves allocating a context per evaluate().
 */
export const evalState: { vars: ExprVars; now: Date | null; steps: number } = {
  vars: { record: {} },
  now: null,
  steps: 0,
};

export function beginEvaluation(vars: ExprVars): void {
  evalState.vars = vars;
  evalState.now = null;
  evalState.steps = 0;
}

/** `now` of this evaluation: vars.now, else the real clock read once per evaluation. */
export function currentNow(): Date {
  return (evalState.now ??= evalState.vars.now ?? new Date());
}
