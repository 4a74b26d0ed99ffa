/** The CEL types a record field can have. The model maps configuration field types onto these. */
export type CelType = 'string' | 'int' | 'double' | 'bool' | 'timestamp' | 'list<string>' | 'dyn';

export interface ExprScope {
  /** Record fields visible as bare identifiers, e.g. { amount: 'double', stage: 'string' }. */
  fields: Record<string, CelType>;
  /** Also expose `prev` with the same fields (update triggers). */
  withPrev?: boolean;
}

export type ExprProblemCode =
  | 'expr.parse'
  | 'expr.type'
  | 'expr.cost'
  | 'expr.sql-unsupported'
  | 'expr.result-type'
  /** Raised while evaluating: division by zero, a record value of the wrong type, … */
  | 'expr.eval';

export interface ExprProblem {
  message: string;
  /** 0-based offsets into the source */
  start?: number;
  end?: number;
  code: ExprProblemCode;
}

export type CheckResult =
  | {
      ok: true;
      /** CEL type name of the result, e.g. 'bool', 'double', 'timestamp', 'list<string>'. */
      type: string;
      /** Bare record field ids referenced, sorted, for dependency graphs (formula cycles). */
      identifiers: string[];
    }
  | { ok: false; problems: ExprProblem[] };

export interface ExprUser {
  id: string;
  username: string;
  orgUnit: string | null;
  roles: string[];
  units: string[];
  locale?: string;
}

export interface ExprVars {
  record: Record<string, unknown>;
  prev?: Record<string, unknown>;
  user?: ExprUser;
  /** The clock of this evaluation (`now`, `today()`); the real clock when absent. */
  now?: Date;
}

export interface CompiledExpr {
  /** Evaluates to a plain JS value (number, string, boolean, Date, string[], null, …). Throws ExprError. */
  evaluate(vars: ExprVars): unknown;
  /** For conditions: true only when the expression evaluates to `true` (null and false do not match). */
  test(vars: ExprVars): boolean;
  /** The CEL type of the result, e.g. 'bool'. */
  readonly type: string;
  readonly source: string;
}

export interface SqlColumnResolver {
  /** A ready SQL expression for a record field, already quoted, e.g. '"t"."amount"'. */
  column(field: string): string;
}

export type SqlParam =
  | { kind: 'value'; value: unknown }
  /** A value known only when the query runs: ['user','id'], ['now'], ['today']. */
  | { kind: 'var'; path: string[] };

export interface CompiledSql {
  /** Uses $1, $2 … placeholders starting at `firstParam`. */
  sql: string;
  params: SqlParam[];
}

export type SqlCompileResult = { ok: true; sql: CompiledSql } | { ok: false; problems: ExprProblem[] };
