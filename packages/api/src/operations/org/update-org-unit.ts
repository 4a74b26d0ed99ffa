import { eq } from 'drizzle-orm';
import { lockOrgTree, orgUnits } from '@mainline/db';
import type { LocalizedText } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import type { MoveOrgUnitResult } from './move-org-unit.ts';
import { auditOrg } from './lib/audit-org.ts';
import { findOrgUnit, requireOrgUnit } from './lib/find-org-unit.ts';
import { InputProblems } from './lib/input-problems.ts';
import { moveUnder } from './lib/move-under.ts';
import { transact } from './lib/transact.ts';
import { checkUnitNames, unitName } from './lib/unit-name.ts';

export interface UpdateOrgUnitInput {
  unitId: string;
  /** The unit's names, complete: a name left out (zh-CN) is removed. Absent: the names stay. */
  name?: LocalizedText;
  /** The new parent's id; null to put the unit at the top. Absent: the parent stays. */
  parentId?: string | null;
}

/**
 * Renames and/or re-parents a live unit in one transaction (the code never changes). Moving
 * rewrites the paths of the whole subtree, as `moveOrgUnit` does.
 */
export async function updateOrgUnit(ctx: OperationContext, input: UpdateOrgUnitInput): Promise<MoveOrgUnitResult> {
  requirePermission(ctx.actor, 'manageUsers');
  const name = input.name === undefined ? undefined : unitName(input.name);
  if (name) checkUnitNames(new InputProblems(), name).throwIfAny();
  return transact(ctx, async (tx) => {
    await lockOrgTree(tx);
    const unit = await requireOrgUnit(tx, input.unitId, 'update');
    if (unit.retiredAt) throw new OperationError(409, 'org.unit.retired', `Org unit "${unit.code}" is retired and cannot be changed.`);
    const renamed = name !== undefined && (name.en !== unit.name.en || name['zh-CN'] !== unit.name['zh-CN']);
    if (renamed) {
      await tx.update(orgUnits).set({ name }).where(eq(orgUnits.id, unit.id));
      await auditOrg(tx, ctx.actor, 'org.unit.rename', { unitId: unit.id, code: unit.code, from: unit.name, to: name });
    }
    const moved = input.parentId === undefined ? 0 : await moveUnder(tx, ctx.actor, unit, input.parentId, '/parentId');
    return { unit: renamed || moved > 0 ? (await findOrgUnit(tx, unit.id))! : unit, moved };
  });
}
