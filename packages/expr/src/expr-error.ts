import type { ExprProblem, ExprProblemCode } from './types.ts';

/** Thrown by compileExpr (invalid source) and by evaluate (runtime failure, cost budget). */
export class ExprError extends Error {
  readonly problems: ExprProblem[];
  readonly code: ExprProblemCode;

  constructor(problems: ExprProblem[], options?: { cause?: unknown }) {
    const first = problems[0] ?? { code: 'expr.eval' as const, message: 'invalid expression' };
    super(problems.map((p) => p.message).join('; ') || first.message, options);
    this.name = 'ExprError';
    this.problems = problems;
    this.code = first.code;
  }

  static of(code: ExprProblemCode, message: string, range?: { start: number; end: number }): ExprError {
    return new ExprError([{ code, message, ...range }]);
  }
}
