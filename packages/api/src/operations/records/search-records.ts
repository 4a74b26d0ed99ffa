import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { versionInForce } from './lib/version-in-force.ts';
import { readScope, requireReader } from './lib/read-scope.ts';
import { targetIn, type RecordTarget } from './lib/record-target.ts';
import { hiddenFields } from './lib/field-access.ts';
import { titleSql } from './lib/reference-titles.ts';
import { table } from './lib/record-rows.ts';

export interface SearchRecordsInput {
  /** Words as typed (web search syntax: "quoted phrase", -excluded, or). */
  q: string;
  /** Object ids to search (default: every object of the caller's version). */
  objects?: string[];
  /** 1–100, default 20. */
  limit?: number;
}

export interface SearchHit {
  object: string;
  id: string;
  title: string;
  rank: number;
}

/** Field types searched besides the title field. */
const SEARCHED_TYPES = new Set(['text', 'longText', 'email', 'phone', 'autoNumber']);
/** Han, kana, hangul: PostgreSQL's 'simple' parser does not split these into words. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/;

/**
 * Full-text search over the title and text fields of live records: `to_tsvector('simple', …) @@
 * websearch_to_tsquery('simple', q)` (no stemming: the same in every language, PGlite included),
 * plus a title prefix match (`ILIKE 'q%'`, for type-ahead) and, when q has Chinese, Japanese or
 * Korean characters, a substring match (`ILIKE '%q%'`), since 'simple' keeps a run of Han
 * characters as one word. Ranked by ts_rank, title prefix matches first; one query for all objects.
 */
export async function searchRecords(ctx: OperationContext, input: SearchRecordsInput): Promise<SearchHit[]> {
  requireReader(ctx);
  const q = typeof input.q === 'string' ? input.q.trim() : '';
  if (q.length === 0 || q.length > 200) throw problem('/q', 'records.search.invalid-query', 'Search for 1 to 200 characters.');
  const limit = input.limit ?? 20;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > 100) throw problem('/limit', 'records.search.invalid-limit', 'The limit is a whole number from 1 to 100.');
  const version = await versionInForce(ctx);
  let objectIds: string[];
  if (input.objects === undefined) objectIds = version.package.objects.map((o) => o.id).filter((id) => version.physical.objects[id]);
  else if (!Array.isArray(input.objects)) throw problem('/objects', 'records.search.invalid-objects', 'objects is a list of object ids.');
  else if (input.objects.length === 0) throw problem('/objects', 'records.search.invalid-objects', 'Name at least one object to search, or leave objects out to search them all.');
  else objectIds = input.objects;
  const targets = objectIds.map((id, i) => {
    try {
      return targetIn(version, String(id));
    } catch {
      throw new OperationError(404, 'records.object-unknown', `There is no object "${String(id)}".`, [{ pointer: `/objects/${i}`, code: 'records.object-unknown', message: `Unknown object "${String(id)}".` }]);
    }
  });
  if (targets.length === 0) return [];

  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  const parts = targets.map((target) => objectSearchSql(ctx, target, q, escaped, CJK.test(q), limit));
  const rows = await ctx.database.rows<SearchHit>(sql`select * from (${sql.join(parts, sql` union all `)}) as hits order by rank desc, object, id limit ${limit}`);
  return rows.map((r) => ({ object: r.object, id: r.id, title: r.title, rank: Number(r.rank) }));
}

function objectSearchSql(ctx: OperationContext, target: RecordTarget, q: string, escaped: string, cjk: boolean, limit: number): SQL {
  const hidden = hiddenFields(ctx, target);
  const columns = target.object.fields
    .filter((f) => (f.id === target.object.titleField || SEARCHED_TYPES.has(f.type)) && target.mapped.fields[f.id] && !hidden.has(f.id))
    .map((f) => `"t".${quoteIdent(target.mapped.fields[f.id]!.column)}::text`);
  const document = sql.raw(columns.length > 0 ? `concat_ws(' ', ${columns.join(', ')})` : `''`);
  const title = titleSql(ctx, target, 't');
  const vector = sql`to_tsvector('simple', ${document})`;
  const query = sql`websearch_to_tsquery('simple', ${q})`;
  const matches = [sql`${vector} @@ ${query}`, sql`${title} ILIKE ${`${escaped}%`}`];
  if (cjk) matches.push(sql`${document} ILIKE ${`%${escaped}%`}`);
  return sql`(select ${target.object.id}::text as object, "t"."id"::text as id, ${title} as title,
      (ts_rank(${vector}, ${query}) + case when ${title} ILIKE ${`${escaped}%`} then 1 else 0 end)::float8 as rank
    from ${table(target)} as "t"
    where "t"."deletedAt" IS NULL and ${readScope(ctx, target, 't')} and (${sql.join(matches, sql` OR `)})
    order by rank desc limit ${limit})`;
}

function problem(pointer: string, code: string, message: string): OperationError {
  return new OperationError(422, code, message, [{ pointer, code, message }]);
}
