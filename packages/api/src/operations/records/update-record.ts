import type { OperationContext } from '../../context.ts';
import { isUniqueViolation, transact } from '../org/lib/transact.ts';
import { applyUpdate } from './lib/apply-update.ts';
import { callerLocale, throwIfInvalid, type ApiRecord } from './lib/prepare-write.ts';
import { checkRowVersion, lockRecord, notFound } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';
import { checkRecordAccess, writeScope } from './lib/write-scope.ts';
import { uniqueProblems } from './values/check-unique.ts';
import { withoutHiddenFields } from './lib/field-access.ts';

export interface UpdateRecordInput {
  object: string;
  id: string;
  /** The row version the change is based on (REST: If-Match); a newer one in the database → 409. */
  rowVersion: number;
  /** Only the fields to change. */
  values: Record<string, unknown>;
}

/** Changes some fields of a live record (optimistic concurrency on the row version). Returns the record in API form. */
export async function updateRecord(ctx: OperationContext, input: UpdateRecordInput): Promise<ApiRecord> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'update');
  try {
    const after = await transact(ctx, async (tx) => {
      const before = await lockRecord(ctx, tx, target, input.id);
      checkRecordAccess(ctx, target, 'update', { before }, () => notFound(target, input.id));
      if (before.deletedAt !== null) throw notFound(target, input.id);
      checkRowVersion(target, before, input.rowVersion);
      delete before.deletedAt;
      return applyUpdate(ctx, tx, target, before, input.values, { now: new Date(), action: 'record.update' });
    });
    return withoutHiddenFields(ctx, target, after);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const values = typeof input.values === 'object' && input.values !== null ? input.values : {};
      throwIfInvalid(target, uniqueProblems(target, values, callerLocale(ctx)), callerLocale(ctx));
    }
    throw error;
  }
}
