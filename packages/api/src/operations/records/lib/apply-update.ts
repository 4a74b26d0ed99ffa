import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { ExistenceCache } from '../values/check-references.ts';
import { auditEntrySql, fieldChanges, type RecordAction } from './audit-record.ts';
import { prepareWrite, type ApiRecord } from './prepare-write.ts';
import { recordSelectList } from './record-columns.ts';
import { columnSets, conflict, currentRecord, notFound, table } from './record-rows.ts';
import { checkRecordAccess } from './write-scope.ts';
import type { RecordTarget } from './record-target.ts';
import { affectedParents, refreshRollups } from './rollups.ts';
import { reactToRecordWrite } from '../../process/lib/record-reactions.ts';
import { refuseStepLockedFields } from '../../process/lib/step-locks.ts';

/** The column of the update's answer that carries its audit entry's id (no field id has a space). */
const AUDIT_ID = 'audit entry';

/**
 * Updates one locked, live record in the caller's transaction: validate, store (guarded by the
 * row version), audit, refresh the rollups over it, start the processes the change triggers.
 * Returns the record in API form. The row and its audit entry are written by one statement, with
 * `options.alongside` (other writes — a process's task and history rows — that nothing read
 * before the update depends on), as a prepared statement when `options.prepareAs` names it (the
 * caller keeps the number of different statements it names bounded).
 */
export async function applyUpdate(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  before: ApiRecord,
  values: unknown,
  options: { now: Date; action: RecordAction; cache?: ExistenceCache; details?: Record<string, unknown>; alongside?: readonly SQL[]; prepareAs?: string },
): Promise<ApiRecord> {
  const id = before.id as string;
  if (typeof values === 'object' && values !== null) await refuseStepLockedFields(ctx, tx, target, id, Object.keys(values));
  const prepared = await prepareWrite(ctx, tx, target, { before, id, values, now: options.now, ...(options.cache ? { cache: options.cache } : {}) });
  checkRecordAccess(ctx, target, 'update', { after: prepared.after }, () => notFound(target, id));
  const sets = [...columnSets(target, prepared.columns), sql`"updatedAt" = ${options.now.toISOString()}::timestamptz`, sql`"updatedBy" = ${ctx.actor.userId}::uuid`, sql`"rowVersion" = "rowVersion" + 1`];
  // the audit entry's changes as the prepared record predicts them; corrected below when the stored row differs
  const predicted = fieldChanges(target, before, prepared.after);
  const audit = auditEntrySql(ctx, target, { action: options.action, recordId: id, changes: predicted, ...(options.details ? { details: options.details } : {}) }, 'u');
  const ctes = [
    ...(options.alongside ?? []).map((write, i) => sql`${sql.raw(`"w${i}"`)} AS (${write})`),
    sql`"u" AS (UPDATE ${table(target)} SET ${sql.join(sets, sql`, `)} WHERE "id" = ${id}::uuid AND "rowVersion" = ${before.rowVersion as number} AND "deletedAt" IS NULL RETURNING ${recordSelectList(target, { typed: options.prepareAs !== undefined })})`,
    sql`"a" AS (${audit} RETURNING "id")`,
  ];
  const [row] = await ctx.database.rows<ApiRecord>(sql`WITH ${sql.join(ctes, sql`, `)} SELECT "u".*, "a"."id" AS "${sql.raw(AUDIT_ID)}" FROM "u", "a"`, tx, options.prepareAs ? { prepareAs: options.prepareAs } : undefined);
  if (!row) throw conflict(target, id, before.rowVersion);
  const { [AUDIT_ID]: auditId, ...after } = row;
  const changes = fieldChanges(target, before, after);
  if (JSON.stringify(changes) !== JSON.stringify(predicted)) await ctx.database.rows(sql`UPDATE audit_log SET changes = ${JSON.stringify(changes)}::jsonb WHERE id = ${String(auditId)}::bigint`, tx);
  await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [before, after]), options.now);
  if ((await reactToRecordWrite(ctx, tx, target, before, after)) > 0) return currentRecord(ctx, tx, target, id);
  return after;
}
