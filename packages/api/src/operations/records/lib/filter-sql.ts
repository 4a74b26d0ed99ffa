import { and, eq, isNull } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { bindSqlParams, compileToSql, type ExprProblem, type ExprUser, type SqlCompileResult, type SqlParam } from '@mainline/expr';
import { roleAssignments } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { qualified, queryColumn } from './record-columns-sql.ts';
import { recordEnv } from './record-env.ts';
import type { RecordTarget } from './record-target.ts';
import { placeholdersToSql } from './sql-chunks.ts';
import { versionCache } from './version-cache.ts';

/** Compiled filters per version, object, alias and source: compiling (parse, type check, translate) costs more than the query it saves. */
const compiledFilters = versionCache<SqlCompileResult>(500);

/**
 * A CEL filter as a SQL condition on the table alias `alias`: identifiers only from the
 * configuration (through the column resolver), every value a parameter. 422 at `pointer` when the
 * filter is not valid CEL for this object or leaves the SQL subset.
 */
export async function filterSql(ctx: OperationContext, target: RecordTarget, source: string, alias: string, pointer = '/filter'): Promise<SQL> {
  if (typeof source !== 'string') throw filterError(pointer, 'The filter must be a CEL expression in a string.');
  const compiled = compiledFilters(target.version, `${target.object.id}\u0000${alias}\u0000${source}`, () =>
    compileToSql(recordEnv(target), source, { column: (name) => filterColumn(target, name, alias) }),
  );
  if (!compiled.ok) throw filterError(pointer, describeProblems(source, compiled.problems), compiled.problems);
  const values = bindSqlParams(compiled.sql.params, { user: await exprUser(ctx, compiled.sql.params) });
  // PostgreSQL text cannot hold U+0000 ("\u0000" in a CEL string): the query would fail with a 500.
  if (values.some((v) => (Array.isArray(v) ? v : [v]).some((x) => typeof x === 'string' && x.includes('\u0000')))) {
    throw filterError(pointer, 'a string in the filter holds a NUL character (U+0000), which no text can contain');
  }
  return placeholdersToSql(compiled.sql.sql, values);
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

/** The `user` variable of the caller; roles and units are read only when the filter uses them. */
async function exprUser(ctx: OperationContext, params: readonly SqlParam[]): Promise<ExprUser> {
  const { actor } = ctx;
  const user: ExprUser = { id: actor.userId as string, username: actor.username, orgUnit: actor.orgUnitId ?? null, roles: [], units: [] };
  const needsRoles = params.some((p) => p.kind === 'var' && p.path[0] === 'user' && (p.path[1] === 'roles' || p.path[1] === 'units'));
  if (needsRoles && actor.userId) {
    const held = await ctx.database.db
      .select({ roleId: roleAssignments.roleId, orgUnitId: roleAssignments.orgUnitId })
      .from(roleAssignments)
      .where(and(eq(roleAssignments.userId, actor.userId), isNull(roleAssignments.retiredAt)));
    user.roles = [...new Set(held.map((h) => h.roleId))].sort();
    user.units = [...new Set(held.map((h) => h.orgUnitId))].sort();
  }
  return user;
}
