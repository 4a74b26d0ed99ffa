import type { ExprProblem, ExprProblemCode } from '../types.ts';

interface Ranged {
  readonly start: number;
  readonly end: number;
}

export function problemAt(code: ExprProblemCode, message: string, at?: Ranged): ExprProblem {
  return at ? { code, message, start: at.start, end: at.end } : { code, message };
}

interface CelErrorLike {
  readonly code?: unknown;
  readonly summary?: unknown;
  readonly message?: unknown;
  readonly range?: { start: number; end: number };
}

/** A cel-js ParseError/TypeError/EvaluationError (or any thrown value) as a problem. */
export function problemFromError(code: ExprProblemCode, error: unknown): ExprProblem {
  const e = (typeof error === 'object' && error !== null ? error : {}) as CelErrorLike;
  const message = typeof e.summary === 'string' ? e.summary : typeof e.message === 'string' ? e.message : String(error);
  return problemAt(code, message, e.range);
}
