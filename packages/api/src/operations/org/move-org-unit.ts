import { lockOrgTree, type OrgUnitRow } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { findOrgUnit, requireOrgUnit } from './lib/find-org-unit.ts';
import { moveUnder } from './lib/move-under.ts';
import { transactOrg } from './lib/transact.ts';

export interface MoveOrgUnitInput {
  unitId: string;
  /** The new parent's id; null to put the unit at the top. */
  newParentId: string | null;
}

export interface MoveOrgUnitResult {
  unit: OrgUnitRow;
  /** Units whose path changed: the unit and everything below it (0 when the parent stays). */
  moved: number;
}

/** Re-parents a unit; the paths of its whole subtree are rewritten in one statement. */
export async function moveOrgUnit(ctx: OperationContext, input: MoveOrgUnitInput): Promise<MoveOrgUnitResult> {
  requirePermission(ctx.actor, 'manageUsers');
  return transactOrg(ctx, async (tx) => {
    await lockOrgTree(tx);
    const unit = await requireOrgUnit(tx, input.unitId);
    if (unit.retiredAt) throw new OperationError(409, 'org.unit.retired', `Org unit "${unit.code}" is retired and cannot be moved.`);
    const moved = await moveUnder(tx, ctx.actor, unit, input.newParentId, '/newParentId');
    return { unit: moved > 0 ? (await findOrgUnit(tx, unit.id))! : unit, moved };
  });
}
