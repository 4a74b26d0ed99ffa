import { analyze } from '../analyze/analyze.ts';
import { type ExprEnv, envInternals } from '../env/create-env.ts';
import { nodeEvaluator } from '../eval/node-evaluator.ts';
import type { SqlColumnResolver, SqlCompileResult } from '../types.ts';
import { SqlParams } from './sql-params.ts';
import { SqlTranslator } from './sql-translator.ts';

/**
 * Compiles a condition to a SQL boolean expression that selects exactly the rows for which the
 * interpreter gives true. Never throws.
 */
export function compileToSql(
  env: ExprEnv,
  source: string,
  resolver: SqlColumnResolver,
  options?: {
    firstParam?: number;
    /**
     * Default false: the SQL may be NULL where the condition is false, which selects the same
     * rows in WHERE, AND and CASE WHEN and lets indexes serve it. True: never NULL (for NOT,
     * SELECT lists, comparisons of conditions).
     */
    strict?: boolean;
  },
): SqlCompileResult {
  try {
    const internals = envInternals(env);
    const analysis = analyze(internals, source);
    if (!analysis.ok) return analysis;
    if (analysis.type !== 'bool') {
      return {
        ok: false,
        problems: [
          {
            code: 'expr.result-type',
            message: `a condition must give bool, this gives ${analysis.type}`,
            start: 0,
            end: source.length,
          },
        ],
      };
    }
    const params = new SqlParams(options?.firstParam ?? 1);
    const translator = new SqlTranslator(internals, nodeEvaluator(analysis.parsed, internals.bindings), resolver, params);
    const sql = translator.condition(analysis.root, options?.strict ?? false);
    if (sql === undefined || translator.problems.length > 0) return { ok: false, problems: translator.problems };
    return { ok: true, sql: { sql, params: params.params } };
  } catch (error) {
    return {
      ok: false,
      problems: [{ code: 'expr.sql-unsupported', message: error instanceof Error ? error.message : String(error) }],
    };
  }
}
