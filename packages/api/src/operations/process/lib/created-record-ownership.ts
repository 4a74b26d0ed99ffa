import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { activeOrgUnitProblem, activeOwnerProblem } from '../../records/lib/ownership.ts';
import { callerLocale, throwIfInvalid, type ApiRecord, type RecordOwnership } from '../../records/lib/prepare-write.ts';
import type { RecordTarget } from '../../records/lib/record-target.ts';

/**
 * Whom a record created by a process step belongs to: the step's `owner` and `orgUnit` values when
 * it sets them (the only system fields a step may set), else the owner and unit of the record the
 * process runs on — a lead's owner owns the opportunity its conversion creates, as if they had
 * created it. A value that is not an active user or unit refuses the write (422 at
 * `/values/owner`, `/values/orgUnit`). The other values go through the write path as they are.
 */
export async function createdRecordOwnership(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  values: Record<string, unknown>,
  on: ApiRecord,
): Promise<{ values: Record<string, unknown>; ownership: RecordOwnership }> {
  const { owner, orgUnit, ...rest } = values;
  const ownership: RecordOwnership = {
    owner: owner === undefined ? ((on.owner as string | null | undefined) ?? null) : (owner as string | null),
    orgUnit: orgUnit === undefined ? ((on.orgUnit as string | null | undefined) ?? null) : (orgUnit as string | null),
  };
  const locale = callerLocale(ctx);
  const problems = [
    owner === undefined || owner === null ? null : await activeOwnerProblem(ctx, tx, owner, '/values/owner', locale),
    orgUnit === undefined || orgUnit === null ? null : await activeOrgUnitProblem(ctx, tx, orgUnit, '/values/orgUnit', locale),
  ].filter((p) => p !== null);
  throwIfInvalid(target, problems, locale);
  return { values: rest, ownership };
}
