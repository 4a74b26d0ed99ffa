import type { SQL } from 'drizzle-orm';
import { bindSqlParams, checkExpr, compileToSql, type ExprProblem, type SqlCompileResult } from '@mainline/expr';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { callerAccess } from './caller-access.ts';
import { refuseHiddenField } from './field-access.ts';
import { qualified, queryColumn } from './record-columns-sql.ts';
import { recordEnv } from './record-env.ts';
import type { RecordTarget } from './record-target.ts';
import { placeholdersToSql } from './sql-chunks.ts';
import { versionCache } from './version-cache.ts';

interface CompiledFilter {
  result: SqlCompileResult;
  /** The record fields the filter reads. */
  fields: readonly string[];
}

/** Compiled filters per version, object, alias and source: compiling (parse, type check, translate) costs more than the query it saves. */
const compiledFilters = versionCache<CompiledFilter>(500);

/**
 * A CEL filter as a SQL condition on the table alias `alias`: identifiers only from the
 * configuration (through the column resolver), every value a parameter. 422 at `pointer` when the
 * filter is not valid CEL for this object or leaves the SQL subset. `user` in the filter is the
 * caller (their roles and units resolved with their access). A filter the caller wrote may not
 * read a field hidden from them (403 `access.field-hidden`: the matches would reveal its values);
 * `configured` filters — role conditions, rollup filters — come from the configuration and may.
 */
export function filterSql(ctx: OperationContext, target: RecordTarget, source: string, alias: string, pointer = '/filter', options: { configured?: boolean } = {}): SQL {
  if (typeof source !== 'string') throw filterError(pointer, 'The filter must be a CEL expression in a string.');
  const { result: compiled, fields } = compiledFilters(target.version, `${target.object.id}\u0000${alias}\u0000${source}`, () => compileFilter(target, source, alias));
  if (!compiled.ok) throw filterError(pointer, describeProblems(source, compiled.problems), compiled.problems);
  if (options.configured !== true) for (const field of fields) refuseHiddenField(ctx, target, field, pointer, 'filter by');
  const values = bindSqlParams(compiled.sql.params, { user: callerAccess(ctx, target.version).user });
  // PostgreSQL text cannot hold U+0000 ("\u0000" in a CEL string): the query would fail with a 500.
  if (values.some((v) => (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000')))) {
    throw filterError(pointer, 'a string in the filter holds a NUL character (U+0000), which no text can contain');
  }
  return placeholdersToSql(compiled.sql.sql, values);
}

function compileFilter(target: RecordTarget, source: string, alias: string): CompiledFilter {
  const env = recordEnv(target);
  const result = compileToSql(env, source, { column: (name) => filterColumn(target, name, alias) });
  if (!result.ok) return { result, fields: [] };
  const checked = checkExpr(env, source);
  return { result, fields: checked.ok ? checked.identifiers : [] };
}

/** How a filter sees a column: uuids as text (CEL strings), dates as UTC midnight timestamps. */
function filterColumn(target: RecordTarget, name: string, alias: string): string {
  const column = queryColumn(target, name);
  if (!column) throw new Error(`unknown field ${name}`);
  const ref = qualified(alias, column);
  if (column.type === 'uuid') return `${ref}::text`;
  if (column.type === 'date') return `(${ref}::timestamp AT TIME ZONE 'UTC')`;
  return ref;
}

function describeProblems(source: string, problems: readonly ExprProblem[]): string {
  return problems
    .map((p) => {
      const part = p.start !== undefined && p.end !== undefined ? source.slice(p.start, p.end) : '';
      if (p.code === 'expr.sql-unsupported') return `${part ? `\`${part}\`` : 'a part of the filter'} cannot run in the database (${p.message})`;
      return part ? `${p.message} (at \`${part}\`)` : p.message;
    })
    .join('; ');
}

function filterError(pointer: string, message: string, problems: readonly ExprProblem[] = []): OperationError {
  const code = problems.some((p) => p.code === 'expr.sql-unsupported') ? 'records.filter.sql-unsupported' : 'records.filter.invalid';
  return new OperationError(422, code, `Invalid filter: ${message}`, [{ pointer, code, message }]);
}
