export type {
  CelType,
  CheckResult,
  CompiledExpr,
  CompiledSql,
  ExprProblem,
  ExprProblemCode,
  ExprScope,
  ExprUser,
  ExprVars,
  SqlColumnResolver,
  SqlCompileResult,
  SqlParam,
} from './types.ts';
export { ExprError } from './expr-error.ts';
export { EXPR_LIMITS } from './limits.ts';
export { type ExprEnv, createExprEnv } from './env/create-env.ts';
export { checkExpr } from './check-expr.ts';
export { compileExpr } from './eval/compile-expr.ts';
export { compileToSql } from './sql/compile-sql.ts';
export { bindSqlParams } from './sql/sql-params.ts';
export { type ExprFunctionDoc, exprFunctionDocs } from './library/function-docs.ts';
export { addMonths } from './library/dates.ts';
