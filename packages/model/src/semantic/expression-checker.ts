import { checkExpr, compileToSql, createExprEnv, type CelType, type CheckResult, type ExprEnv, type ExprProblem, type SqlColumnResolver, type SqlCompileResult } from '@mainline/expr';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { expressionDiagnostics, type ExpressionSite } from '../expressions/expression-diagnostics.ts';
import { objectScopeFields } from '../expressions/object-scope.ts';
import type { SemanticContext } from './context.ts';

/** What an expression must give where it is used. */
export type Expectation =
  /** anything (webhook payload values) */
  | { kind: 'any' }
  /** a value assignable to `type`; `code` replaces config.expr.result-type (formulas) */
  | { kind: 'type'; type: CelType; code?: string }
  /** int or double (queue priority) */
  | { kind: 'number' }
  /** a condition; with `sql`, one that compiles to SQL (grants, list filters, scheduled triggers) */
  | { kind: 'condition'; sql?: boolean };

/** Column names do not matter for checking that a condition compiles; any resolver will do. */
const probeColumns: SqlColumnResolver = { column: (field) => `"r"."${field}"` };

type Outcome = CheckResult | SqlCompileResult;

/**
 * Results across runs, per environment. checkExpr and compileToSql are pure functions of the
 * environment (which @mainline/expr shares between equal scopes) and the source, so the studio,
 * which checks the whole package on every keystroke, only re-checks the expressions that changed.
 * Bounded: a map that grows past MAX_CACHED is dropped and starts again.
 */
const sharedResults = new WeakMap<ExprEnv, Map<string, Outcome>>();
const MAX_CACHED = 20_000;

function cached<T extends Outcome>(env: ExprEnv, key: string, compute: () => T): T {
  let results = sharedResults.get(env);
  if (!results || results.size >= MAX_CACHED) {
    results = new Map();
    sharedResults.set(env, results);
  }
  let result = results.get(key) as T | undefined;
  if (!result) {
    result = compute();
    results.set(key, result);
  }
  return result;
}

/**
 * Type-checks expressions through @mainline/expr for one `checkSemantics` run: one environment per
 * object (and per object with `prev`) per run, one check per distinct (scope, source, expected type).
 */
export class ExpressionChecker {
  private readonly envs = new Map<string, ExprEnv | null>();

  constructor(private readonly ctx: SemanticContext) {}

  /** The environment of an object's records; undefined for an unknown object. */
  env(objectId: string, withPrev = false): ExprEnv | undefined {
    const key = `${withPrev ? 'prev' : 'plain'}\u0000${objectId}`;
    let env = this.envs.get(key);
    if (env === undefined) {
      const info = this.ctx.objects.get(objectId);
      env = info
        ? createExprEnv({
            fields: objectScopeFields(info.object.fields ?? [], (o, f) => this.ctx.objects.get(o)?.fields.get(f)?.value),
            withPrev,
          })
        : null;
      this.envs.set(key, env);
    }
    return env ?? undefined;
  }

  /** The (cached) result of checkExpr; undefined for an unknown object. */
  result(objectId: string, source: string, expected?: CelType, withPrev = false): CheckResult | undefined {
    const env = this.env(objectId, withPrev);
    if (!env) return undefined;
    return cached(env, `${expected ?? ''}\u0000${source}`, () => checkExpr(env, source, expected));
  }

  /**
   * Checks one expression over the records of `objectId` and returns its diagnostics. Nothing is
   * reported for an unknown object: the reference checks say that already.
   */
  check(objectId: string, source: string, site: ExpressionSite, expectation: Expectation, withPrev = false): Diagnostic[] {
    const env = this.env(objectId, withPrev);
    if (!env) return [];
    switch (expectation.kind) {
      case 'any':
        return this.report(this.result(objectId, source, undefined, withPrev), objectId, source, site, withPrev);
      case 'number':
        return this.report(this.result(objectId, source, 'double', withPrev), objectId, source, site, withPrev, { expected: 'number' });
      case 'type':
        return this.report(this.result(objectId, source, expectation.type, withPrev), objectId, source, site, withPrev, {
          expected: expectation.type,
          ...(expectation.code ? { code: expectation.code } : {}),
        });
      case 'condition':
        if (!expectation.sql) return this.report(this.result(objectId, source, 'bool', withPrev), objectId, source, site, withPrev, { expected: 'bool' });
        return this.report(
          cached(env, `sql\u0000${source}`, () => compileToSql(env, source, probeColumns)),
          objectId,
          source,
          site,
          withPrev,
          { expected: 'bool' },
        );
    }
  }

  private report(
    result: { ok: true } | { ok: false; problems: ExprProblem[] } | undefined,
    objectId: string,
    source: string,
    site: ExpressionSite,
    withPrev: boolean,
    mismatch?: { expected: CelType | 'number'; code?: string },
  ): Diagnostic[] {
    if (!result || result.ok) return [];
    const { problems } = result;
    let actual: string | undefined;
    if (mismatch && problems.some((p) => p.code === 'expr.result-type')) {
      // the actual type, for the message: only on this (rare) error path
      const plain = this.result(objectId, source, undefined, withPrev);
      if (plain?.ok) actual = plain.type;
    }
    return expressionDiagnostics(site, source, problems, mismatch ? { ...mismatch, ...(actual ? { actual } : {}) } : undefined);
  }
}

const checkers = new WeakMap<SemanticContext, ExpressionChecker>();

/** The expression checker of a run, shared by the expression check families. */
export function expressionChecker(ctx: SemanticContext): ExpressionChecker {
  let checker = checkers.get(ctx);
  if (!checker) {
    checker = new ExpressionChecker(ctx);
    checkers.set(ctx, checker);
  }
  return checker;
}
