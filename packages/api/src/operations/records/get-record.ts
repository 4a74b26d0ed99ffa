import { sql } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { requireReader, readScope } from './lib/read-scope.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { recordTarget, type RecordTarget } from './lib/record-target.ts';
import { recordsWithTitles, referenceTitles } from './lib/reference-titles.ts';
import { fieldsOf } from './lib/list-query.ts';
import { isUuid } from '../org/lib/is-uuid.ts';
import { table } from './lib/record-rows.ts';

export interface GetRecordInput {
  object: string;
  id: string;
  /** Field ids to return (default: all). */
  fields?: string[];
  /** Find a soft-deleted record too (it carries `deletedAt`). */
  includeDeleted?: boolean;
}

/** One record in API form with `_titles`; 404 `records.not-found` (pointer `/id`) when there is none the caller can read. */
export async function getRecord(ctx: OperationContext, input: GetRecordInput): Promise<Record<string, unknown>> {
  requireReader(ctx);
  const target = await recordTarget(ctx, input.object);
  const record = await findRecord(ctx, target, input.id, { fields: input.fields, includeDeleted: input.includeDeleted });
  if (!record) throw notFound(target, input.id);
  return record;
}

/** The record, or null (also for an id that is not a uuid: no SQL error). */
export async function findRecord(ctx: OperationContext, target: RecordTarget, id: unknown, options: { fields?: string[]; includeDeleted?: boolean } = {}): Promise<Record<string, unknown> | null> {
  if (typeof id !== 'string' || !isUuid(id)) return null;
  const fieldIds = fieldsOf(ctx, target, options.fields);
  const live = options.includeDeleted === true ? sql`true` : sql`"t"."deletedAt" IS NULL`;
  const titles = referenceTitles(ctx, target, fieldIds, 't');
  const [record] = await ctx.database.rows<Record<string, unknown>>(
    sql`select ${recordSelectList(target, { alias: 't', fieldIds, withDeletedAt: options.includeDeleted === true })}${titles.select ? sql`, ${titles.select}` : sql``} from ${table(target)} as "t"
      where "t"."id" = ${id}::uuid and ${live} and ${readScope(ctx, target, 't')}`,
  );
  return record ? recordsWithTitles([record], titles.fields)[0]! : null;
}

export function notFound(target: RecordTarget, id: unknown, pointer = '/id'): OperationError {
  const message = `There is no ${target.object.id} record ${JSON.stringify(String(id))}.`;
  return new OperationError(404, 'records.not-found', message, [{ pointer, code: 'records.not-found', message }]);
}
