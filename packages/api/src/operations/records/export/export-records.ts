import { sql } from 'drizzle-orm';
import type { Field } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { fieldsOf, listPage, MAX_PAGE_SIZE } from '../lib/list-query.ts';
import { accessRulesSql } from '../lib/access-sql.ts';
import { actionRules } from '../lib/caller-access.ts';
import { requireReader } from '../lib/read-scope.ts';
import { writeScope } from '../lib/write-scope.ts';
import { recordTarget } from '../lib/record-target.ts';
import { TITLES_KEY } from '../lib/reference-titles.ts';
import type { SortInput } from '../lib/sort-spec.ts';
import { localized } from '../values/check-rules.ts';
import { csvLine } from './csv-text.ts';

export interface ExportRecordsInput {
  object: string;
  /** The list query: CEL filter, sort and fields as for listRecords (default every field). */
  filter?: string;
  sort?: SortInput[];
  fields?: string[];
  /** Header and choice text: field ids and option values (default), or English / Chinese labels. */
  labels?: 'id' | 'en' | 'zh-CN';
}

/**
 * The records of a list query as CSV text chunks (header first, then one chunk per page of 200),
 * walked with keyset pages so only a page is in memory. References come out as the referenced
 * record's title, users as usernames, multi-choice joined by `;` — the forms importRecords reads.
 */
export async function exportRecords(ctx: OperationContext, input: ExportRecordsInput): Promise<AsyncIterable<string>> {
  requireReader(ctx);
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'export');
  // every field the caller may see by default; 422 for an unknown field, 403 for a hidden one
  const fieldIds = fieldsOf(ctx, target, input.fields);
  const fields = fieldIds.map((id) => target.fields.get(id)!);
  const labels = input.labels ?? 'id';
  const options = { filter: input.filter, sort: input.sort, fields: fieldIds, pageSize: MAX_PAGE_SIZE, withTotal: false };
  // records the caller may read (listPage) and export: the export grant's rules in the query too
  const exportRules = actionRules(ctx, target.version, target.object.id, 'export');
  const extra = exportRules === null ? [] : [accessRulesSql(ctx, target, 't', exportRules)];
  // The first page runs now, so a bad filter or sort fails before any text is sent.
  const first = await listPage(ctx, target, options, extra);
  return (async function* () {
    yield csvLine(fields.map((f) => (labels === 'id' ? f.id : localized(f.label, labels))));
    let page = first;
    for (;;) {
      const usernames = await usernamesOf(ctx, fields, page.records);
      yield page.records.map((r) => csvLine(fields.map((f) => cellText(f, r, labels, usernames)))).join('');
      if (!page.nextCursor) return;
      page = await listPage(ctx, target, { ...options, cursor: page.nextCursor }, extra);
    }
  })();
}

async function usernamesOf(ctx: OperationContext, fields: Field[], records: Record<string, unknown>[]): Promise<Map<string, string>> {
  const ids = new Set<string>();
  for (const f of fields) if (f.type === 'user') for (const r of records) if (typeof r[f.id] === 'string') ids.add(r[f.id] as string);
  if (ids.size === 0) return new Map();
  const rows = await ctx.database.rows<{ id: string; username: string }>(
    sql`SELECT id::text AS id, username FROM users WHERE id = ANY(SELECT jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb)::uuid)`,
  );
  return new Map(rows.map((r) => [r.id, r.username]));
}

function optionText(field: Field, value: string, labels: 'id' | 'en' | 'zh-CN'): string {
  if (labels === 'id' || (field.type !== 'choice' && field.type !== 'multiChoice')) return value;
  const option = field.options.find((o) => o.value === value);
  return option ? localized(option.label, labels) : value;
}

function cellText(field: Field, record: Record<string, unknown>, labels: 'id' | 'en' | 'zh-CN', usernames: Map<string, string>): string {
  const value = record[field.id];
  if (value === null || value === undefined) return '';
  switch (field.type) {
    case 'reference':
      return (record[TITLES_KEY] as Record<string, string> | undefined)?.[field.id] ?? String(value);
    case 'user':
      return usernames.get(value as string) ?? String(value);
    case 'multiChoice':
      return (value as string[]).map((v) => optionText(field, v, labels)).join(';');
    case 'choice':
      return optionText(field, value as string, labels);
    default:
      return String(value);
  }
}
