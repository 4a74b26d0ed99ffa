import { isWithin, moveSubtree, type Db, type OrgUnitRow } from '@mainline/db';
import type { Actor } from '../../../context.ts';
import { auditOrg } from './audit-org.ts';
import { requireLiveOrgUnitAt } from './find-org-unit.ts';
import { problemError } from './input-problems.ts';

/**
 * Re-parents a live unit inside a transaction that holds the tree lock: under the live unit
 * `newParentId` (null: to the top), refusing cycles at `pointer`. Returns how many units' paths
 * changed (0 when the parent stays).
 */
export async function moveUnder(tx: Db, actor: Actor, unit: OrgUnitRow, newParentId: string | null, pointer: string): Promise<number> {
  const parent = newParentId === null ? null : await requireLiveOrgUnitAt(tx, newParentId, pointer);
  if (parent && isWithin(parent.path, unit.path)) {
    const where = parent.id === unit.id ? 'under itself' : `under "${parent.code}", which lies below it`;
    throw problemError(409, pointer, { code: 'org.unit.cycle', message: `Org unit "${unit.code}" cannot move ${where}.` });
  }
  if ((parent?.id ?? null) === unit.parentId) return 0;
  const moved = await moveSubtree(tx, unit, parent);
  await auditOrg(tx, actor, 'org.unit.move', { unitId: unit.id, code: unit.code, fromParentId: unit.parentId, toParentId: parent?.id ?? null, moved });
  return moved;
}
