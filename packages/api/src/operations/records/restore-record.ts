import { sql } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { isUniqueViolation, transact } from '../org/lib/transact.ts';
import { auditRecord } from './lib/audit-record.ts';
import { callerLocale, throwIfInvalid, type ApiRecord } from './lib/prepare-write.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { lockRecord, notFound, table } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';
import { affectedParents, refreshRollups } from './lib/rollups.ts';
import { checkRecordAccess, writeScope } from './lib/write-scope.ts';
import { uniqueProblems } from './values/check-unique.ts';
import { withoutHiddenFields } from './lib/field-access.ts';

export interface RestoreRecordInput {
  object: string;
  id: string;
}

/**
 * Brings a soft-deleted record back (404 when it is not deleted). A unique value taken by a live
 * record meanwhile refuses the restore with 422 at that field.
 */
export async function restoreRecord(ctx: OperationContext, input: RestoreRecordInput): Promise<ApiRecord> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'restore');
  try {
    const restored = await transact(ctx, async (tx) => {
      const before = await lockRecord(ctx, tx, target, input.id);
      checkRecordAccess(ctx, target, 'restore', { before }, () => notFound(target, input.id));
      if (before.deletedAt === null) throw notFound(target, input.id);
      const now = new Date();
      const [after] = await ctx.database.rows<ApiRecord>(
        sql`UPDATE ${table(target)} SET "deletedAt" = NULL, "updatedAt" = ${now.toISOString()}::timestamptz, "updatedBy" = ${ctx.actor.userId}::uuid, "rowVersion" = "rowVersion" + 1 WHERE "id" = ${input.id}::uuid RETURNING ${recordSelectList(target)}`,
        tx,
      );
      await auditRecord(ctx, tx, target, { action: 'record.restore', recordId: input.id, changes: { deletedAt: { before: before.deletedAt, after: null } } });
      await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [after!]), now);
      return after!;
    });
    return withoutHiddenFields(ctx, target, restored);
  } catch (error) {
    if (isUniqueViolation(error)) {
      const unique = Object.fromEntries(target.object.fields.filter((f) => f.unique).map((f) => [f.id, true]));
      throwIfInvalid(target, uniqueProblems(target, unique, callerLocale(ctx)), callerLocale(ctx));
    }
    throw error;
  }
}
