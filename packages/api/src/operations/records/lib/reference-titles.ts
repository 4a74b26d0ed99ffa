import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent, recordTableSql } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { hiddenFields } from './field-access.ts';
import { apiValueSql } from './record-columns.ts';
import { readScope } from './read-scope.ts';
import { targetIn, type RecordTarget } from './record-target.ts';

/** Record field holding the titles of the records its reference fields point at. */
export const TITLES_KEY = '_titles';

const TITLE_PREFIX = '_title_';

/** The titles a page query reads along with the records: select-list entries and the fields they belong to. */
export interface ReferenceTitles {
  /** `(…) AS "_title_<field>"` per reference field, or null when there is none. */
  select: SQL | null;
  fields: string[];
}

/**
 * The titles of the records the reference fields among `fieldIds` point at, read by the page
 * query itself: one scalar sub-select per reference field, on the referenced table's primary key
 * and through the referenced object's read scope, so a referenced record the caller may not read,
 * or that no longer exists, gives NULL (no title). A sub-select (not a JOIN) because PostgreSQL
 * evaluates it after ORDER BY … LIMIT, for the rows of the page only. Soft-deleted referenced
 * records keep their title; a title field hidden from the caller gives the id. Moved into `_titles`
 * by `recordsWithTitles`.
 */
export function referenceTitles(ctx: OperationContext, target: RecordTarget, fieldIds: readonly string[], alias: string): ReferenceTitles {
  const parts: SQL[] = [];
  const fields: string[] = [];
  for (const fieldId of fieldIds) {
    const field = target.fields.get(fieldId);
    const mapped = target.mapped.fields[fieldId];
    if (field?.type !== 'reference' || !mapped || !target.version.physical.objects[field.target]) continue;
    const referenced = targetIn(target.version, field.target);
    const r = `r${fields.length}`;
    const title = titleSql(ctx, referenced, r);
    parts.push(
      sql`(select ${title} from ${sql.raw(recordTableSql(referenced.mapped.table))} as ${sql.raw(quoteIdent(r))} where ${sql.raw(`${quoteIdent(r)}."id" = ${quoteIdent(alias)}.${quoteIdent(mapped.column)}`)} and ${readScope(ctx, referenced, r)}) as ${sql.raw(quoteIdent(TITLE_PREFIX + fieldId))}`,
    );
    fields.push(fieldId);
  }
  return { select: parts.length > 0 ? sql.join(parts, sql`, `) : null, fields };
}

/**
 * The rows as API records, in place: the title columns moved under `_titles` (field id → title),
 * the `hidden` columns (cursor keys) removed. (Measured: deleting beats copying into new objects,
 * serialisation included.)
 */
export function recordsWithTitles(rows: Record<string, unknown>[], fields: readonly string[], hidden: readonly string[] = []): Record<string, unknown>[] {
  for (const row of rows) {
    for (const key of hidden) delete row[key];
    const titles: Record<string, string> = {};
    for (const fieldId of fields) {
      const key = TITLE_PREFIX + fieldId;
      const title = row[key];
      delete row[key];
      if (typeof title === 'string') titles[fieldId] = title;
    }
    row[TITLES_KEY] = titles;
  }
  return rows;
}

/**
 * The title of a record as the caller sees it, a text expression on alias `alias`: its title field
 * in API form, or the id when the field is empty, missing or hidden from the caller.
 */
export function titleSql(ctx: OperationContext, target: RecordTarget, alias: string): SQL {
  const id = `${quoteIdent(alias)}."id"::text`;
  const mapped = target.mapped.fields[target.object.titleField];
  if (!mapped || hiddenFields(ctx, target).has(target.object.titleField)) return sql.raw(id);
  return sql.raw(`coalesce((${apiValueSql(`${quoteIdent(alias)}.${quoteIdent(mapped.column)}`, mapped.type)})::text, ${id})`);
}
