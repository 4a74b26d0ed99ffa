import { eq } from 'drizzle-orm';
import { countUnitDependents, lockOrgTree, orgUnits, type OrgUnitRow } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { orgUnitColumns, requireOrgUnit } from './lib/find-org-unit.ts';
import { transactOrg } from './lib/transact.ts';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Retires a unit: it stays in the tree (its records and history keep pointing at it) but takes no
 * new users, roles or children. Refused while enabled users, their role assignments, or live
 * child units are still there; the error says how many of each.
 */
export async function retireOrgUnit(ctx: OperationContext, input: { unitId: string }): Promise<OrgUnitRow> {
  requirePermission(ctx.actor, 'manageUsers');
  return transactOrg(ctx, async (tx) => {
    await lockOrgTree(tx);
    const unit = await requireOrgUnit(tx, input.unitId, 'update');
    if (unit.retiredAt) return unit;
    const dependents = await countUnitDependents(tx, unit.id);
    const { users, assignments, children } = dependents;
    if (users + assignments + children > 0) {
      const parts = [
        users > 0 ? plural(users, 'user', 'users') : '',
        assignments > 0 ? plural(assignments, 'role assignment', 'role assignments') : '',
        children > 0 ? plural(children, 'child unit', 'child units') : '',
      ].filter(Boolean);
      const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0];
      throw new OperationError(409, 'org.unit.in-use', `Org unit "${unit.code}" still has ${list}; move or retire them first.`, [], { ...dependents });
    }
    const [retired] = await tx.update(orgUnits).set({ retiredAt: new Date() }).where(eq(orgUnits.id, unit.id)).returning(orgUnitColumns);
    await auditOrg(tx, ctx.actor, 'org.unit.retire', { unitId: unit.id, code: unit.code });
    return retired!;
  });
}
