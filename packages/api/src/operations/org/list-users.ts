import { and, asc, eq, ilike, inArray, isNull, or, type SQL } from 'drizzle-orm';
import { orgUnits, orgUnitInSubtree, roleAssignments, users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { requireOrgUnit } from './lib/find-org-unit.ts';
import { userSummaryColumns, type UserSummary } from './lib/user-summary.ts';

export interface ListUsersInput {
  /** Only users whose primary unit is this one … */
  orgUnitId?: string;
  /** … or lies below it. */
  includeBelow?: boolean;
  includeDisabled?: boolean;
  /** Part of the username, display name or email, any case. */
  search?: string;
  limit?: number;
  offset?: number;
}

export interface UserRole {
  assignmentId: string;
  roleId: string;
  orgUnitId: string;
  orgUnitCode: string;
}

export interface UserListEntry extends UserSummary {
  /** Live role assignments. */
  roles: UserRole[];
}

export interface UserList {
  users: UserListEntry[];
  total: number;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Users sorted by username, with their live roles; a page of at most 500. */
export async function listUsers(ctx: OperationContext, input: ListUsersInput = {}): Promise<UserList> {
  requirePermission(ctx.actor, 'manageUsers');
  const db = ctx.database.db;
  const conditions: (SQL | undefined)[] = [];
  if (input.orgUnitId) {
    const unit = await requireOrgUnit(db, input.orgUnitId);
    conditions.push(input.includeBelow ? orgUnitInSubtree(users.orgUnitId, unit.path) : eq(users.orgUnitId, unit.id));
  }
  if (!input.includeDisabled) conditions.push(isNull(users.disabledAt));
  const search = input.search?.trim();
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern), ilike(users.email, pattern)));
  }
  const where = and(...conditions);
  const limit = Math.min(Math.max(input.limit ?? 100, 1), 500);
  const page = await db
    .select(userSummaryColumns)
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(limit)
    .offset(Math.max(input.offset ?? 0, 0));
  const total = await db.$count(users, where);
  const roles = page.length
    ? await db
        .select({ userId: roleAssignments.userId, assignmentId: roleAssignments.id, roleId: roleAssignments.roleId, orgUnitId: roleAssignments.orgUnitId, orgUnitCode: orgUnits.code })
        .from(roleAssignments)
        .innerJoin(orgUnits, eq(orgUnits.id, roleAssignments.orgUnitId))
        .where(and(inArray(roleAssignments.userId, page.map((u) => u.id)), isNull(roleAssignments.retiredAt)))
        .orderBy(asc(roleAssignments.roleId), asc(orgUnits.code))
    : [];
  return {
    users: page.map((user) => ({ ...user, roles: roles.filter((r) => r.userId === user.id).map(({ userId: _userId, ...role }) => role) })),
    total,
  };
}
