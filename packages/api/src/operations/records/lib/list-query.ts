import { sql, type SQL } from 'drizzle-orm';
import { systemColumnNames } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { filterSql } from './filter-sql.ts';
import { hiddenFields, refuseHiddenField } from './field-access.ts';
import { cursorKeyNames, cursorKeysSql, decodeCursor, encodeCursor, keysetSql } from './keyset-cursor.ts';
import { readScope } from './read-scope.ts';
import { recordSelectList } from './record-columns.ts';
import type { RecordTarget } from './record-target.ts';
import { recordsWithTitles, referenceTitles } from './reference-titles.ts';
import { andAll } from './sql-chunks.ts';
import { orderBySql, sortSpec, type SortInput } from './sort-spec.ts';
import { EXACT_COUNT_LIMIT, totalCount, type TotalCount } from './total-count.ts';
import { table } from './record-rows.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The list options shared by listRecords and listRelated. */
export interface ListOptions {
  /** CEL condition in the SQL subset (docs/expressions.md). */
  filter?: string;
  sort?: SortInput[];
  /** Field ids to return (default: all); `id` and `rowVersion` always come along. */
  fields?: string[];
  /** 1–200, default 50. */
  pageSize?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Soft-deleted records too (they carry `deletedAt`). */
  includeDeleted?: boolean;
  /** Count the matches (`total`; null when not counted). Default: on the first page only — a next page (with `cursor`) does not need it again. */
  withTotal?: boolean;
}

export interface RecordPage {
  /** Records in API form, each with `_titles` (reference field id → title of the referenced record). */
  records: Record<string, unknown>[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  total: TotalCount | null;
}

const ALIAS = 't';

/** One page of records of `target`, with `extra` conditions (the related list's reference). */
export async function listPage(ctx: OperationContext, target: RecordTarget, options: ListOptions, extra: SQL[] = [], countLimit = EXACT_COUNT_LIMIT): Promise<RecordPage> {
  const pageSize = pageSizeOf(options.pageSize);
  const fieldIds = fieldsOf(ctx, target, options.fields);
  const keys = sortSpec(ctx, target, options.sort);
  const conditions: SQL[] = [readScope(ctx, target, ALIAS), ...extra];
  if (options.includeDeleted !== true) conditions.push(sql`${sql.raw(`"${ALIAS}"."deletedAt"`)} IS NULL`);
  if (options.filter !== undefined && options.filter !== null && options.filter !== '') conditions.push(await filterSql(ctx, target, options.filter, ALIAS));
  const from = sql`from ${table(target)} as ${sql.raw(`"${ALIAS}"`)}`;
  const page = options.cursor !== undefined && options.cursor !== null && options.cursor !== '' ? [keysetSql(keys, decodeCursor(keys, options.cursor), ALIAS)] : [];

  const titles = referenceTitles(ctx, target, fieldIds, ALIAS);
  const query = sql`select ${recordSelectList(target, { alias: ALIAS, fieldIds, withDeletedAt: options.includeDeleted === true })}, ${titles.select ? sql`${titles.select}, ` : sql``}${cursorKeysSql(keys, ALIAS)}
    ${from} where ${andAll([...conditions, ...page])} order by ${orderBySql(keys, ALIAS)} limit ${pageSize + 1}`;
  const rows = await runWithCursor(ctx, target, query, page.length > 0);
  const more = rows.length > pageSize;
  const pageRows = more ? rows.slice(0, pageSize) : rows;
  const nextCursor = more ? encodeCursor(keys, pageRows[pageRows.length - 1]!) : null;
  const records = recordsWithTitles(pageRows, titles.fields, cursorKeyNames(keys));
  const counted = options.withTotal ?? page.length === 0;
  const total = !counted ? null : await totalCount(ctx.database, sql`${from} where ${andAll(conditions)}`, countLimit);
  return { records, nextCursor, total };
}

/** A cursor whose values do not cast to the column types is a bad cursor (422), not a server error. */
async function runWithCursor(ctx: OperationContext, target: RecordTarget, query: SQL, hasCursor: boolean): Promise<Record<string, unknown>[]> {
  try {
    // a prepared statement per list shape (filter structure, sort, columns) and version: lists are the hottest reads
    return await ctx.database.rows<Record<string, unknown>>(query, undefined, { prepareAs: `list_v${target.version.id}` });
  } catch (error) {
    if (hasCursor && /^22/.test(sqlState(error))) {
      const message = 'This cursor is damaged: start again without a cursor.';
      throw new OperationError(422, 'records.cursor.invalid', message, [{ pointer: '/cursor', code: 'records.cursor.invalid', message }]);
    }
    throw error;
  }
}

function sqlState(error: unknown): string {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string') return e.code;
  }
  return '';
}

export function pageSizeOf(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_PAGE_SIZE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    const message = `The page size is a whole number from 1 to ${MAX_PAGE_SIZE}.`;
    throw new OperationError(422, 'records.page-size.invalid', message, [{ pointer: '/pageSize', code: 'records.page-size.invalid', message }]);
  }
  return value;
}

/**
 * The field ids to return: by default every field the caller may see; 422 at `/fields/i` for one
 * the object does not have, 403 for one hidden from the caller (system columns always come along).
 */
export function fieldsOf(ctx: OperationContext, target: RecordTarget, fields: unknown): string[] {
  if (fields === undefined || fields === null) {
    const hidden = hiddenFields(ctx, target);
    return target.object.fields.filter((f) => target.mapped.fields[f.id] && !hidden.has(f.id)).map((f) => f.id);
  }
  if (!Array.isArray(fields)) {
    throw new OperationError(422, 'records.fields.invalid', 'fields is a list of field ids.', [{ pointer: '/fields', code: 'records.fields.invalid', message: 'fields is a list of field ids.' }]);
  }
  const out: string[] = [];
  fields.forEach((f, i) => {
    if (typeof f === 'string' && systemColumnNames.has(f) && !Object.hasOwn(target.mapped.fields, f)) return; // always there
    if (typeof f !== 'string' || !Object.hasOwn(target.mapped.fields, f)) {
      const message = `There is no field ${JSON.stringify(String(f))} on ${target.object.id}.`;
      throw new OperationError(422, 'records.fields.unknown', message, [{ pointer: `/fields/${i}`, code: 'records.fields.unknown', message }]);
    }
    refuseHiddenField(ctx, target, f, `/fields/${i}`, 'read');
    if (!out.includes(f)) out.push(f);
  });
  return out;
}
