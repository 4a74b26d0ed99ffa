import { analyze } from './analyze/analyze.ts';
import { isAssignable } from './analyze/type-names.ts';
import { type ExprEnv, envInternals } from './env/create-env.ts';
import type { CelType, CheckResult } from './types.ts';

/** Type-checks an expression against a scope. Never throws. */
export function checkExpr(env: ExprEnv, source: string, expected?: CelType): CheckResult {
  try {
    const analysis = analyze(envInternals(env), source);
    if (!analysis.ok) return analysis;
    if (expected && !isAssignable(analysis.type, expected)) {
      return {
        ok: false,
        problems: [
          {
            code: 'expr.result-type',
            message: `the expression gives ${analysis.type} but ${expected} is expected`,
            start: 0,
            end: source.length,
          },
        ],
      };
    }
    return { ok: true, type: analysis.type, identifiers: analysis.identifiers };
  } catch (error) {
    return { ok: false, problems: [{ code: 'expr.type', message: error instanceof Error ? error.message : String(error) }] };
  }
}
