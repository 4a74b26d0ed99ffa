import { sql } from 'drizzle-orm';
import type { Db } from '../connection/database.ts';
import { orgUnits } from '../schema/platform.ts';
import { childPath, isWithin, rootPath } from './org-unit-path.ts';
import { pathWithin } from './unit-and-below.ts';

export interface UnitPosition {
  id: string;
  path: string;
}

/**
 * Puts `unit` under `newParent` (or at the top when null) and rewrites the paths of the unit and
 * every unit below it in one statement. Returns how many units changed path. The caller holds
 * the tree lock and has checked that `newParent` is not inside the subtree.
 */
export async function moveSubtree(tx: Db, unit: UnitPosition, newParent: UnitPosition | null): Promise<number> {
  if (newParent && isWithin(newParent.path, unit.path)) throw new Error(`moving ${unit.id} under ${newParent.id} would make a cycle`);
  const newPath = newParent ? childPath(newParent.path, unit.id) : rootPath(unit.id);
  const moved = await tx
    .update(orgUnits)
    .set({
      path: sql`${newPath} || substr(${orgUnits.path}, ${unit.path.length + 1}::int)`,
      parentId: sql`case when ${orgUnits.id} = ${unit.id} then ${newParent?.id ?? null}::uuid else ${orgUnits.parentId} end`,
    })
    .where(pathWithin(unit.path))
    .returning({ id: orgUnits.id });
  return moved.length;
}
