import { sql } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { transact } from '../org/lib/transact.ts';
import { auditRecord } from './lib/audit-record.ts';
import { checkDeleteRestrictions } from './lib/delete-restrictions.ts';
import type { ApiRecord } from './lib/prepare-write.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { checkRowVersion, lockRecord, notFound, table } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';
import { affectedParents, refreshRollups } from './lib/rollups.ts';
import { checkRecordAccess, writeScope } from './lib/write-scope.ts';
import { withoutHiddenFields } from './lib/field-access.ts';

export interface DeleteRecordInput {
  object: string;
  id: string;
  /** When given, a newer row version in the database → 409. */
  rowVersion?: number;
}

/** Soft delete: sets deletedAt (the data stays; restoreRecord brings it back). Returns the record with deletedAt. */
export async function deleteRecord(ctx: OperationContext, input: DeleteRecordInput): Promise<ApiRecord> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'delete');
  const deleted = await transact(ctx, async (tx) => {
    const before = await lockRecord(ctx, tx, target, input.id);
    checkRecordAccess(ctx, target, 'delete', { before }, () => notFound(target, input.id));
    if (before.deletedAt !== null) throw notFound(target, input.id);
    checkRowVersion(target, before, input.rowVersion);
    await checkDeleteRestrictions(ctx, tx, target, input.id);
    const now = new Date();
    const [after] = await ctx.database.rows<ApiRecord>(
      sql`UPDATE ${table(target)} SET "deletedAt" = ${now.toISOString()}::timestamptz, "updatedAt" = ${now.toISOString()}::timestamptz, "updatedBy" = ${ctx.actor.userId}::uuid, "rowVersion" = "rowVersion" + 1 WHERE "id" = ${input.id}::uuid RETURNING ${recordSelectList(target, { withDeletedAt: true })}`,
      tx,
    );
    await auditRecord(ctx, tx, target, { action: 'record.delete', recordId: input.id, changes: { deletedAt: { before: null, after: after!.deletedAt } } });
    await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [before]), now);
    return after!;
  });
  return withoutHiddenFields(ctx, target, deleted);
}
