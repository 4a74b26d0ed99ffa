import { sql } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { OperationError, type Problem } from '../../errors.ts';
import { transact } from '../org/lib/transact.ts';
import { auditRecord } from './lib/audit-record.ts';
import { activeOrgUnitProblem, activeOwnerProblem, ownershipChanges } from './lib/ownership.ts';
import { callerLocale, type ApiRecord } from './lib/prepare-write.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { checkRowVersion, conflict, lockRecord, notFound, table } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';
import { checkRecordAccess, writeScope } from './lib/write-scope.ts';
import { withoutHiddenFields } from './lib/field-access.ts';

export interface TransferRecordInput {
  object: string;
  id: string;
  /** The row version the transfer is based on (REST: If-Match); a newer one in the database → 409. */
  rowVersion: number;
  /** The new owner: an active user's id. */
  owner?: string;
  /** The new org unit: the id of a unit that is not retired. */
  orgUnit?: string;
}

/**
 * Gives a live record to another owner and/or org unit — the only way these system columns change
 * after the record is created (updates, bulk updates and imports refuse them as read-only). The
 * caller needs the `transfer` grant, and its rules (and the read rules: else 404) must allow the
 * record as it is; where it goes is not limited by the caller's scope: giving a record away is
 * what the grant is for. Audited as `record.transfer`, the row version bumped. A transfer to the
 * owner and unit the record already has changes nothing. Returns the record in API form.
 */
export async function transferRecord(ctx: OperationContext, input: TransferRecordInput): Promise<ApiRecord> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'transfer');
  const locale = callerLocale(ctx);
  if (input.owner === undefined && input.orgUnit === undefined) {
    const message = locale === 'zh-CN' ? '请给出新的负责人（owner）或组织单元（orgUnit），或两者都给出。' : 'Give the new owner, the new org unit (orgUnit), or both.';
    throw new OperationError(422, 'records.invalid', message, [{ pointer: '', code: 'records.transfer.nothing', message }]);
  }
  if (!Number.isInteger(input.rowVersion)) {
    throw new OperationError(422, 'records.invalid', 'The row version must be an integer.', [{ pointer: '/rowVersion', code: 'records.row-version.type', message: 'Must be an integer.' }]);
  }
  const transferred = await transact(ctx, async (tx) => {
    const before = await lockRecord(ctx, tx, target, input.id);
    checkRecordAccess(ctx, target, 'transfer', { before }, () => notFound(target, input.id));
    if (before.deletedAt !== null) throw notFound(target, input.id);
    checkRowVersion(target, before, input.rowVersion);
    delete before.deletedAt;

    const problems = [
      input.owner === undefined ? null : await activeOwnerProblem(ctx, tx, input.owner, '/owner', locale),
      input.orgUnit === undefined ? null : await activeOrgUnitProblem(ctx, tx, input.orgUnit, '/orgUnit', locale),
    ].filter((p): p is Problem => p !== null);
    if (problems.length > 0) {
      const message = problems.length === 1 ? problems[0]!.message : locale === 'zh-CN' ? `转移未完成：${problems.length} 个问题。` : `The record was not transferred: ${problems.length} problems.`;
      throw new OperationError(422, 'records.invalid', message, problems);
    }

    const owner = input.owner ?? before.owner;
    const orgUnit = input.orgUnit ?? before.orgUnit;
    if (owner === before.owner && orgUnit === before.orgUnit) return before;
    const now = new Date().toISOString();
    const [after] = await ctx.database.rows<ApiRecord>(
      sql`UPDATE ${table(target)} SET "owner" = ${owner as string}::uuid, "orgUnit" = ${orgUnit as string | null}::uuid, "updatedAt" = ${now}::timestamptz, "updatedBy" = ${ctx.actor.userId}::uuid, "rowVersion" = "rowVersion" + 1
        WHERE "id" = ${input.id}::uuid AND "rowVersion" = ${before.rowVersion as number} AND "deletedAt" IS NULL RETURNING ${recordSelectList(target)}`,
      tx,
    );
    if (!after) throw conflict(target, input.id, before.rowVersion);
    await auditRecord(ctx, tx, target, { action: 'record.transfer', recordId: input.id, changes: ownershipChanges(before, after) });
    return after;
  });
  return withoutHiddenFields(ctx, target, transferred);
}
