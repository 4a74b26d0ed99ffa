import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent, type Db, type MappedColumn } from '@mainline/db';
import type { Field } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { targetIn, type RecordTarget } from '../lib/record-target.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';
import { table } from '../lib/record-rows.ts';

/** Text → the id it names, or why it names none. */
export type Resolution = { id: string } | { missing: true } | { ambiguous: number };

/** Texts as one JSON parameter, unnested to a set (PGlite and node-postgres bind it alike). */
export function textSet(values: readonly string[]): SQL {
  return sql`ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;
}

function columnText(mapped: MappedColumn): string {
  return mapped.type === 'text' ? quoteIdent(mapped.column) : `${quoteIdent(mapped.column)}::text`;
}

/** The fields a reference cell may name a record of `target` by: its unique and auto-number fields. */
export function keyFieldsOf(target: RecordTarget): Field[] {
  return target.object.fields.filter((f) => f.type === 'autoNumber' || (f.unique === true && ['text', 'email', 'phone', 'url'].includes(f.type)));
}

/**
 * Resolves the texts of one reference column of a batch in one query: a text names the live
 * record with that id, else with that value of a key field (unique, auto-number), else with that
 * title — several records with the title make it ambiguous.
 */
export async function resolveReferences(ctx: OperationContext, tx: Db | undefined, targetObject: string, texts: readonly string[], version: RecordTarget['version']): Promise<Map<string, Resolution>> {
  const target = targetIn(version, targetObject);
  const ids = texts.filter(isUuid).map((t) => t.toLowerCase());
  const keys = keyFieldsOf(target).map((f) => target.mapped.fields[f.id]).filter((m): m is MappedColumn => m !== undefined);
  const title = target.mapped.fields[target.object.titleField];
  const select = [`"id"::text AS id`, ...keys.map((k, i) => `${columnText(k)} AS k${i}`), title ? `${columnText(title)} AS title` : 'NULL AS title'];
  const conditions: SQL[] = [sql`"id" = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`];
  for (const k of keys) conditions.push(sql`${sql.raw(columnText(k))} = ${textSet(texts)}`);
  if (title) conditions.push(sql`${sql.raw(columnText(title))} = ${textSet(texts)}`);
  const rows = await ctx.database.rows<Record<string, string | null>>(
    sql`SELECT ${sql.raw(select.join(', '))} FROM ${table(target)} WHERE "deletedAt" IS NULL AND (${sql.join(conditions, sql` OR `)})`,
    tx,
  );
  const byId = new Map<string, string>();
  const byKey = new Map<string, string>();
  const byTitle = new Map<string, string[]>();
  for (const row of rows) {
    byId.set(row.id!, row.id!);
    keys.forEach((_, i) => {
      const k = row[`k${i}`];
      if (k != null) byKey.set(k, row.id!);
    });
    if (row.title != null) byTitle.set(row.title, [...(byTitle.get(row.title) ?? []), row.id!]);
  }
  const out = new Map<string, Resolution>();
  for (const text of texts) {
    const id = byId.get(text.toLowerCase()) ?? byKey.get(text);
    const titled = byTitle.get(text) ?? [];
    out.set(text, id ? { id } : titled.length === 1 ? { id: titled[0]! } : titled.length > 1 ? { ambiguous: titled.length } : { missing: true });
  }
  return out;
}

/** Resolves the texts of a user column in one query: a uuid or a username (case-insensitive) of an enabled user. */
export async function resolveUsers(ctx: OperationContext, tx: Db | undefined, texts: readonly string[]): Promise<Map<string, Resolution>> {
  const ids = texts.filter(isUuid).map((t) => t.toLowerCase());
  const rows = await ctx.database.rows<{ id: string; username: string }>(
    sql`SELECT id::text AS id, lower(username) AS username FROM users WHERE disabled_at IS NULL AND (id = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)) OR lower(username) = ${textSet(texts.map((t) => t.toLowerCase()))})`,
    tx,
  );
  const found = new Map<string, string>();
  for (const row of rows) {
    found.set(row.id, row.id);
    found.set(row.username, row.id);
  }
  return new Map(texts.map((t) => [t, found.has(t.toLowerCase()) ? { id: found.get(t.toLowerCase())! } : { missing: true }]));
}
