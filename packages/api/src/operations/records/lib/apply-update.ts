import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { ExistenceCache } from '../values/check-references.ts';
import { auditRecord, fieldChanges, type RecordAction } from './audit-record.ts';
import { prepareWrite, type ApiRecord } from './prepare-write.ts';
import { recordSelectList } from './record-columns.ts';
import { columnSets, conflict, currentRecord, notFound, table } from './record-rows.ts';
import { checkRecordAccess } from './write-scope.ts';
import type { RecordTarget } from './record-target.ts';
import { affectedParents, refreshRollups } from './rollups.ts';
import { reactToRecordWrite } from '../../process/lib/record-reactions.ts';
import { refuseStepLockedFields } from '../../process/lib/step-locks.ts';

/**
 * Updates one locked, live record in the caller's transaction: validate, store (guarded by the
 * row version), audit, refresh the rollups over it, start the processes the change triggers.
 * Returns the record in API form.
 */
export async function applyUpdate(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  before: ApiRecord,
  values: unknown,
  options: { now: Date; action: RecordAction; cache?: ExistenceCache; details?: Record<string, unknown> },
): Promise<ApiRecord> {
  const id = before.id as string;
  if (typeof values === 'object' && values !== null) await refuseStepLockedFields(ctx, tx, target, id, Object.keys(values));
  const prepared = await prepareWrite(ctx, tx, target, { before, id, values, now: options.now, ...(options.cache ? { cache: options.cache } : {}) });
  checkRecordAccess(ctx, target, 'update', { after: prepared.after }, () => notFound(target, id));
  const sets = [...columnSets(target, prepared.columns), sql`"updatedAt" = ${options.now.toISOString()}::timestamptz`, sql`"updatedBy" = ${ctx.actor.userId}::uuid`, sql`"rowVersion" = "rowVersion" + 1`];
  const [after] = await ctx.database.rows<ApiRecord>(
    sql`UPDATE ${table(target)} SET ${sql.join(sets, sql`, `)} WHERE "id" = ${id}::uuid AND "rowVersion" = ${before.rowVersion as number} AND "deletedAt" IS NULL RETURNING ${recordSelectList(target)}`,
    tx,
  );
  if (!after) throw conflict(target, id, before.rowVersion);
  await auditRecord(ctx, tx, target, { action: options.action, recordId: id, changes: fieldChanges(target, before, after), ...(options.details ? { details: options.details } : {}) });
  await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [before, after]), options.now);
  if ((await reactToRecordWrite(ctx, tx, target, before, after)) > 0) return currentRecord(ctx, tx, target, id);
  return after;
}
