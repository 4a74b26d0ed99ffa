import type { ParseResult } from '@marcbachmann/cel-js';
import type { ExprEnvImpl } from '../env/create-env.ts';
import { EXPR_LIMITS } from '../limits.ts';
import type { ExprProblem } from '../types.ts';
import type { CelNode } from './cel-ast.ts';
import { problemAt, problemFromError } from './problems.ts';
import { inspectSurface } from './surface-checks.ts';
import { repairTernary } from './ternary-repair.ts';
import { fromCelJsType } from './type-names.ts';

export type Analysis =
  | { ok: true; parsed: ParseResult; root: CelNode; type: string; identifiers: string[] }
  | { ok: false; problems: ExprProblem[] };

const MAX_REPAIRS = 50;

/** Parses and type-checks a source; the parsed expression is checked and ready to instrument. */
export function analyze(env: ExprEnvImpl, source: string): Analysis {
  if (typeof source !== 'string') return fail(problemAt('expr.parse', 'the expression must be text'));
  if (source.length > EXPR_LIMITS.maxSourceLength) {
    return fail(
      problemAt('expr.cost', `the expression is longer than ${EXPR_LIMITS.maxSourceLength} characters`, {
        start: EXPR_LIMITS.maxSourceLength,
        end: source.length,
      }),
    );
  }
  if (source.trim() === '') return fail(problemAt('expr.parse', 'the expression is empty', { start: 0, end: source.length }));

  let parsed: ParseResult;
  try {
    parsed = env.cel.parse(source);
  } catch (error) {
    const limit = (error as { code?: unknown }).code === 'limit_exceeded';
    return fail(problemFromError(limit ? 'expr.cost' : 'expr.parse', error));
  }
  const root = parsed.ast as unknown as CelNode;

  const surface = inspectSurface(root, env);
  if (surface.problems.length > 0) return { ok: false, problems: surface.problems };

  for (let attempt = 0; attempt <= MAX_REPAIRS; attempt++) {
    let result: ReturnType<ParseResult['check']>;
    try {
      result = parsed.check();
    } catch (error) {
      return fail(problemFromError('expr.type', error));
    }
    if (result.valid) {
      return { ok: true, parsed, root, type: fromCelJsType(result.type ?? 'dyn'), identifiers: surface.identifiers };
    }
    if (!repairTernary(result.error)) {
      const parseError = (result.error as { name?: unknown } | undefined)?.name === 'ParseError';
      return fail(problemFromError(parseError ? 'expr.parse' : 'expr.type', result.error));
    }
  }
  return fail(problemAt('expr.type', 'the expression could not be type-checked'));
}

function fail(problem: ExprProblem): Analysis {
  return { ok: false, problems: [problem] };
}
