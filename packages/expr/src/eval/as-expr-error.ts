import { problemFromError } from '../analyze/problems.ts';
import { ExprError } from '../expr-error.ts';

export function asExprError(error: unknown): ExprError {
  if (error instanceof ExprError) return error;
  return new ExprError([problemFromError('expr.eval', error)], { cause: error });
}
