import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../connection/database.ts';
import { orgUnits, roleAssignments, users } from '../schema/platform.ts';

/** What still lives in an org unit: enabled users whose primary unit it is, live role assignments there of enabled users, live child units. */
export interface UnitDependents {
  users: number;
  assignments: number;
  children: number;
}

export async function countUnitDependents(db: Db, unitId: string): Promise<UnitDependents> {
  const enabledUsers = db.select({ id: users.id }).from(users).where(isNull(users.disabledAt));
  return {
    users: await db.$count(users, and(eq(users.orgUnitId, unitId), isNull(users.disabledAt))),
    assignments: await db.$count(
      roleAssignments,
      and(eq(roleAssignments.orgUnitId, unitId), isNull(roleAssignments.retiredAt), inArray(roleAssignments.userId, enabledUsers)),
    ),
    children: await db.$count(orgUnits, and(eq(orgUnits.parentId, unitId), isNull(orgUnits.retiredAt))),
  };
}
