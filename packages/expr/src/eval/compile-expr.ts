import { analyze } from '../analyze/analyze.ts';
import { type ExprEnv, envInternals } from '../env/create-env.ts';
import { ExprError } from '../expr-error.ts';
import type { CompiledExpr, ExprVars } from '../types.ts';
import { asExprError } from './as-expr-error.ts';
import { beginEvaluation } from './eval-state.ts';
import { instrument } from './instrument.ts';
import { toPlain } from './values.ts';

const COMPILE_CACHE_LIMIT = 500;

class Compiled implements CompiledExpr {
  readonly source: string;
  readonly type: string;
  readonly #run: () => unknown;

  constructor(source: string, type: string, run: () => unknown) {
    this.source = source;
    this.type = type;
    this.#run = run;
  }

  evaluate(vars: ExprVars): unknown {
    beginEvaluation(vars.record ? vars : { ...vars, record: {} });
    try {
      return toPlain(this.#run());
    } catch (error) {
      throw asExprError(error);
    }
  }

  test(vars: ExprVars): boolean {
    beginEvaluation(vars.record ? vars : { ...vars, record: {} });
    try {
      return this.#run() === true;
    } catch (error) {
      throw asExprError(error);
    }
  }
}

/** Compiles an expression for repeated evaluation; throws ExprError when it does not check. Cached per env. */
export function compileExpr(env: ExprEnv, source: string): CompiledExpr {
  const internals = envInternals(env);
  const cached = internals.compiled.get(source);
  if (cached) return cached;

  const analysis = analyze(internals, source);
  if (!analysis.ok) throw new ExprError(analysis.problems);
  instrument(analysis.root, internals.bindings);
  const parsed = analysis.parsed;
  const compiled = new Compiled(source, analysis.type, () => parsed());

  if (internals.compiled.size >= COMPILE_CACHE_LIMIT) internals.compiled.clear();
  internals.compiled.set(source, compiled);
  return compiled;
}
