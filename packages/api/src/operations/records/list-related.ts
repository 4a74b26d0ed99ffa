import { sql } from 'drizzle-orm';
import { quoteIdent } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { findRecord, notFound } from './get-record.ts';
import { refuseHiddenField } from './lib/field-access.ts';
import { listPage, type ListOptions, type RecordPage } from './lib/list-query.ts';
import { requireReader } from './lib/read-scope.ts';
import { recordTarget, targetIn } from './lib/record-target.ts';

export interface ListRelatedInput extends ListOptions {
  /** The object of the record the list belongs to. */
  object: string;
  id: string;
  /** The object whose records reference it. */
  relatedObject: string;
  /** The reference field of relatedObject; needed when it has several pointing at `object`. */
  field?: string;
}

/** A page of the records of relatedObject whose reference field points at record `id` of `object`. */
export async function listRelated(ctx: OperationContext, input: ListRelatedInput): Promise<RecordPage> {
  requireReader(ctx);
  const parent = await recordTarget(ctx, input.object);
  const related = targetIn(parent.version, input.relatedObject);
  const candidates = related.object.fields.filter((f) => f.type === 'reference' && f.target === parent.object.id && related.mapped.fields[f.id]).map((f) => f.id);
  let field: string;
  if (input.field !== undefined) {
    if (!candidates.includes(input.field)) throw problem('/field', 'records.related.unknown-field', `${related.object.id}.${String(input.field)} is not a reference to ${parent.object.id}; the references are: ${candidates.join(', ') || 'none'}.`);
    field = input.field;
  } else if (candidates.length === 1) {
    field = candidates[0]!;
  } else if (candidates.length === 0) {
    throw problem('/relatedObject', 'records.related.not-related', `${related.object.id} has no reference to ${parent.object.id}.`);
  } else {
    throw problem('/field', 'records.related.ambiguous', `${related.object.id} refers to ${parent.object.id} through ${candidates.join(', ')}: say which one in "field".`);
  }
  refuseHiddenField(ctx, related, field, input.field !== undefined ? '/field' : '/relatedObject', 'list records by');
  if (!(await findRecord(ctx, parent, input.id, { fields: [] }))) throw notFound(parent, input.id);
  const column = related.mapped.fields[field]!.column;
  return listPage(ctx, related, input, [sql`${sql.raw(`"t".${quoteIdent(column)}`)} = ${input.id}::uuid`]);
}

function problem(pointer: string, code: string, message: string): OperationError {
  return new OperationError(422, code, message, [{ pointer, code, message }]);
}
