import type { EvaluateFn } from '../analyze/cel-ast.ts';
import { currentNow, evalState } from '../eval/eval-state.ts';
import { readerFor } from '../eval/values.ts';
import type { CelType } from '../types.ts';
import { USER_FIELDS } from './system-fields.ts';

/** How the evaluator reads each variable of a scope straight from the ExprVars of the evaluation. */
export interface ScopeBindings {
  variables: ReadonlyMap<string, EvaluateFn>;
  /** `user.x` and `prev.x` read in one step. */
  member(variable: string, field: string): EvaluateFn | undefined;
}

export function createBindings(
  fields: Readonly<Record<string, CelType>>,
  prevFields: Readonly<Record<string, CelType>> | null,
): ScopeBindings {
  const variables = new Map<string, EvaluateFn>();
  for (const [name, type] of Object.entries(fields)) {
    const read = readerFor(type, name);
    variables.set(name, () => read(evalState.vars.record[name]));
  }
  variables.set('now', () => currentNow());
  variables.set('user', () => evalState.vars.user ?? null);
  if (prevFields) variables.set('prev', () => evalState.vars.prev ?? null);

  const member = (variable: string, field: string): EvaluateFn | undefined => {
    if (variable === 'user') {
      const type = USER_FIELDS[field];
      if (!type) return undefined;
      const read = readerFor(type, `user.${field}`);
      return () => {
        const user = evalState.vars.user as Record<string, unknown> | undefined;
        return user ? read(user[field]) : null;
      };
    }
    if (variable === 'prev' && prevFields) {
      const type = prevFields[field];
      if (!type) return undefined;
      const read = readerFor(type, `prev.${field}`);
      return () => {
        const prev = evalState.vars.prev;
        return prev ? read(prev[field]) : null;
      };
    }
    return undefined;
  };
  return { variables, member };
}
