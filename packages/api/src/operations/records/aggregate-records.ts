import { sql, type SQL } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { refuseHiddenField } from './lib/field-access.ts';
import { filterSql } from './lib/filter-sql.ts';
import { readScope, requireReader } from './lib/read-scope.ts';
import { qualified, queryColumn, type QueryColumn } from './lib/record-columns-sql.ts';
import { apiValueSql } from './lib/record-columns.ts';
import { recordTarget, type RecordTarget } from './lib/record-target.ts';
import { andAll } from './lib/sql-chunks.ts';
import { table } from './lib/record-rows.ts';

export type AggregateFunction = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface Measure {
  fn: AggregateFunction;
  /** Needed for sum, avg, min, max; with count, counts the records where it has a value. */
  field?: string;
}

export interface AggregateRecordsInput {
  object: string;
  filter?: string;
  /** Zero, one or two field ids. */
  groupBy: string[];
  measures: Measure[];
  includeDeleted?: boolean;
}

export interface AggregateGroup {
  /** The group's value of each groupBy field, in API form (null is a group of its own). */
  key: Record<string, unknown>;
  /** One value per measure, in the order asked; null for sum/avg/min/max over no values. */
  values: (number | string | null)[];
}

export interface AggregateResult {
  groups: AggregateGroup[];
  /** true when there were more than MAX_GROUPS groups and only the first ones came back. */
  truncated: boolean;
}

export const MAX_GROUPS = 1000;
const NUMERIC = new Set(['double precision', 'numeric', 'bigint', 'integer']);
const ORDERED = new Set([...NUMERIC, 'date', 'timestamptz', 'text']);

/** count / sum / avg / min / max of the records matching a filter, grouped by up to two fields, ordered by the group keys. */
export async function aggregateRecords(ctx: OperationContext, input: AggregateRecordsInput): Promise<AggregateResult> {
  requireReader(ctx);
  const target = await recordTarget(ctx, input.object);
  const groupBy = groupColumns(ctx, target, input.groupBy);
  const measures = measureSql(ctx, target, input.measures);
  const conditions: SQL[] = [readScope(ctx, target, 't')];
  if (input.includeDeleted !== true) conditions.push(sql`"t"."deletedAt" IS NULL`);
  if (input.filter) conditions.push(await filterSql(ctx, target, input.filter, 't'));

  const select = [...groupBy.map((c, i) => `${apiValueSql(qualified('t', c), c.type)} AS "g${i}"`), ...measures.map((m, i) => `${m} AS "m${i}"`)].join(', ');
  const positions = groupBy.map((_, i) => String(i + 1)).join(', ');
  const grouping = groupBy.length > 0 ? sql.raw(` group by ${positions} order by ${positions}`) : sql.raw('');
  const rows = await ctx.database.rows<Record<string, unknown>>(
    sql`select ${sql.raw(select)} from ${table(target)} as "t" where ${andAll(conditions)}${grouping} limit ${MAX_GROUPS + 1}`,
  );
  return {
    groups: rows.slice(0, MAX_GROUPS).map((row) => ({
      key: Object.fromEntries(groupBy.map((c, i) => [c.name, row[`g${i}`] ?? null])),
      values: measures.map((_, i) => (row[`m${i}`] ?? null) as number | string | null),
    })),
    truncated: rows.length > MAX_GROUPS,
  };
}

function groupColumns(ctx: OperationContext, target: RecordTarget, groupBy: unknown): QueryColumn[] {
  if (!Array.isArray(groupBy) || groupBy.length > 2) throw problem('/groupBy', 'records.aggregate.invalid-group', 'groupBy is a list of at most two field ids.');
  return groupBy.map((name, i) => {
    const column = typeof name === 'string' ? queryColumn(target, name) : undefined;
    if (!column) throw problem(`/groupBy/${i}`, 'records.aggregate.unknown-field', `There is no field ${JSON.stringify(String(name))} on ${target.object.id}.`);
    refuseHiddenField(ctx, target, column.name, `/groupBy/${i}`, 'group by');
    return column;
  });
}

function measureSql(ctx: OperationContext, target: RecordTarget, measures: unknown): string[] {
  if (!Array.isArray(measures) || measures.length === 0 || measures.length > 20) throw problem('/measures', 'records.aggregate.invalid-measure', 'measures is a list of 1 to 20 { fn, field }.');
  return measures.map((m: Measure, i) => {
    const fn = m && typeof m === 'object' ? m.fn : undefined;
    if (!['count', 'sum', 'avg', 'min', 'max'].includes(fn as string)) throw problem(`/measures/${i}/fn`, 'records.aggregate.invalid-measure', 'fn is count, sum, avg, min or max.');
    if (m.field === undefined) {
      if (fn === 'count') return 'count(*)::float8';
      throw problem(`/measures/${i}/field`, 'records.aggregate.invalid-measure', `${String(fn)} needs a field.`);
    }
    const column = typeof m.field === 'string' ? queryColumn(target, m.field) : undefined;
    if (!column) throw problem(`/measures/${i}/field`, 'records.aggregate.unknown-field', `There is no field ${JSON.stringify(String(m.field))} on ${target.object.id}.`);
    refuseHiddenField(ctx, target, column.name, `/measures/${i}/field`, 'aggregate');
    const ref = qualified('t', column);
    if (fn === 'count') return `count(${ref})::float8`;
    if ((fn === 'sum' || fn === 'avg') && !NUMERIC.has(column.type)) throw problem(`/measures/${i}/field`, 'records.aggregate.not-numeric', `${String(fn)} needs a number field; ${column.name} is not one.`);
    if (!ORDERED.has(column.type)) throw problem(`/measures/${i}/field`, 'records.aggregate.not-ordered', `${String(fn)} needs a number, date or text field; ${column.name} is not one.`);
    if (fn === 'sum' || fn === 'avg') return `${fn}(${ref})::float8`;
    return apiValueSql(`${fn}(${ref})`, column.type);
  });
}

function problem(pointer: string, code: string, message: string): OperationError {
  return new OperationError(422, code, message, [{ pointer, code, message }]);
}
