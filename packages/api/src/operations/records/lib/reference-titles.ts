import { sql } from 'drizzle-orm';
import { quoteIdent, recordTableSql } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { apiValueSql } from './record-columns.ts';
import { readScope } from './read-scope.ts';
import { targetIn, type RecordTarget } from './record-target.ts';

/** Record field holding the titles of the records its reference fields point at. */
export const TITLES_KEY = '_titles';

/**
 * Adds `_titles: { <reference field id>: <title of the referenced record> }` to each record (field
 * ids start with a lowercase letter, so the key never clashes with one). One query per referenced
 * object for the whole page, never one per row; a referenced record the caller may not read, or
 * that no longer exists, has no title. Soft-deleted referenced records keep theirs.
 */
export async function attachReferenceTitles(ctx: OperationContext, target: RecordTarget, records: Record<string, unknown>[], fieldIds: readonly string[]): Promise<void> {
  const byObject = new Map<string, { fields: string[]; ids: Set<string> }>();
  for (const fieldId of fieldIds) {
    const field = target.fields.get(fieldId);
    if (field?.type !== 'reference' || !target.version.physical.objects[field.target]) continue;
    const entry = byObject.get(field.target) ?? { fields: [], ids: new Set<string>() };
    entry.fields.push(fieldId);
    for (const record of records) if (typeof record[fieldId] === 'string') entry.ids.add(record[fieldId] as string);
    byObject.set(field.target, entry);
  }
  for (const record of records) record[TITLES_KEY] = {};
  for (const [objectId, { fields, ids }] of byObject) {
    if (ids.size === 0) continue;
    const referenced = targetIn(target.version, objectId);
    const titles = await titlesOf(ctx, referenced, [...ids]);
    for (const record of records) {
      const out = record[TITLES_KEY] as Record<string, string>;
      for (const fieldId of fields) {
        const title = titles.get(record[fieldId] as string);
        if (title !== undefined) out[fieldId] = title;
      }
    }
  }
}

/** id → title of records of `target` (the title field's value as text; the id when it has none). */
export async function titlesOf(ctx: OperationContext, target: RecordTarget, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await ctx.database.rows<{ id: string; title: string | null }>(
    sql`select "t"."id"::text as id, ${titleSql(target, 't')} as title from ${sql.raw(recordTableSql(target.mapped.table))} as "t" where "t"."id" = any(${sql.param([...ids])}::uuid[]) and ${readScope(ctx, target, 't')}`,
  );
  return new Map(rows.map((r) => [r.id, r.title ?? r.id]));
}

/** The title of a record as a text expression on alias `alias`: its title field in API form. */
export function titleSql(target: RecordTarget, alias: string) {
  const mapped = target.mapped.fields[target.object.titleField];
  if (!mapped) return sql.raw(`${quoteIdent(alias)}."id"::text`);
  return sql.raw(`(${apiValueSql(`${quoteIdent(alias)}.${quoteIdent(mapped.column)}`, mapped.type)})::text`);
}
