import { eq, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../connection/database.ts';
import { orgUnits } from '../schema/platform.ts';
import { likePrefix } from './org-unit-path.ts';

/**
 * `path` lies at or below the unit whose path is `prefix`. The prefix travels as a bound
 * parameter; PostgreSQL plans unnamed statements with their values, so the LIKE becomes a range
 * scan of the text_pattern_ops index.
 */
export function pathWithin(prefix: string, path: AnyColumn | SQL = orgUnits.path): SQL {
  return sql`${path} like ${likePrefix(prefix)}`;
}

/** The org unit id in `column` (of any table) is the unit at `prefix` or a unit below it. */
export function orgUnitInSubtree(column: AnyColumn | SQL, prefix: string): SQL {
  return sql`${column} in (select sub.id from ${orgUnits} sub where ${pathWithin(prefix, sql`sub.path`)})`;
}

export interface UnitAndBelow {
  unitId: string;
  path: string;
  /** Ids of the unit and of every unit below it, retired ones included (their records stay in scope). */
  ids: string[];
  /** The SQL condition "the org unit id in `column` is this unit or below it". */
  condition(column: AnyColumn | SQL): SQL;
}

/** The unit and everything below it, or undefined when there is no such unit. */
export async function unitAndBelow(db: Db, unitId: string): Promise<UnitAndBelow | undefined> {
  const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, unitId));
  if (!unit) return undefined;
  const rows = await db.select({ id: orgUnits.id }).from(orgUnits).where(pathWithin(unit.path));
  return {
    unitId,
    path: unit.path,
    ids: rows.map((row) => row.id),
    condition: (column) => orgUnitInSubtree(column, unit.path),
  };
}
