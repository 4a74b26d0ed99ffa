import { isWithin, lockOrgTree, moveSubtree, type OrgUnitRow } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { findOrgUnit, requireLiveOrgUnitAt, requireOrgUnit } from './lib/find-org-unit.ts';
import { problemError } from './lib/input-problems.ts';
import { transact } from './lib/transact.ts';

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
  return transact(ctx, async (tx) => {
    await lockOrgTree(tx);
    const unit = await requireOrgUnit(tx, input.unitId);
    if (unit.retiredAt) throw new OperationError(409, 'org.unit.retired', `Org unit "${unit.code}" is retired and cannot be moved.`);
    const parent = input.newParentId === null ? null : await requireLiveOrgUnitAt(tx, input.newParentId, '/newParentId');
    if (parent && isWithin(parent.path, unit.path)) {
      const where = parent.id === unit.id ? 'under itself' : `under "${parent.code}", which lies below it`;
      throw problemError(409, '/newParentId', { code: 'org.unit.cycle', message: `Org unit "${unit.code}" cannot move ${where}.` });
    }
    if ((parent?.id ?? null) === unit.parentId) return { unit, moved: 0 };
    const moved = await moveSubtree(tx, unit, parent);
    await auditOrg(tx, ctx.actor, 'org.unit.move', { unitId: unit.id, code: unit.code, fromParentId: unit.parentId, toParentId: parent?.id ?? null, moved });
    return { unit: (await findOrgUnit(tx, unit.id))!, moved };
  });
}
