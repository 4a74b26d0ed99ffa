import { and, eq, isNull } from 'drizzle-orm';
import { roleAssignments } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { requireLiveOrgUnitAt } from './lib/find-org-unit.ts';
import { problemError } from './lib/input-problems.ts';
import { roleAssignmentColumns, type RoleAssignmentSummary } from './lib/role-assignment-summary.ts';
import { roleExistsIn, type RoleCatalog } from './lib/role-catalog.ts';
import { rolesInForce } from './lib/roles-in-force.ts';
import { transactOrg } from './lib/transact.ts';
import { requireUserForUpdate } from './lib/user-summary.ts';

export interface AssignRoleInput {
  userId: string;
  /** A role id of the configuration in force (see `roles`). */
  roleId: string;
  /** Where the role is held: its grants' scopes (unit, unit and below) count from here. */
  orgUnitId: string;
}

export interface AssignRoleResult {
  assignment: RoleAssignmentSummary;
  /** False when the user already held the role there: assigning twice changes nothing. */
  created: boolean;
}

/** Gives a user a role in an org unit (role@unit). `roles` says which role ids exist; default: those of the versions in force. */
export async function assignRole(ctx: OperationContext, input: AssignRoleInput, roles?: RoleCatalog): Promise<AssignRoleResult> {
  requirePermission(ctx.actor, 'manageUsers');
  const roleExists = roles === undefined ? await rolesInForce(ctx.database) : roleExistsIn(roles);
  if (!roleExists(input.roleId)) throw problemError(422, '/roleId', { code: 'org.role.unknown-role', message: `There is no role "${input.roleId}" in the configuration.` });
  return transactOrg(ctx, async (tx) => {
    const user = await requireUserForUpdate(tx, input.userId);
    const unit = await requireLiveOrgUnitAt(tx, input.orgUnitId, '/orgUnitId');
    const live = and(eq(roleAssignments.userId, user.id), eq(roleAssignments.roleId, input.roleId), eq(roleAssignments.orgUnitId, unit.id), isNull(roleAssignments.retiredAt));
    const [existing] = await tx.select(roleAssignmentColumns).from(roleAssignments).where(live);
    if (existing) return { assignment: existing, created: false };
    const [assignment] = await tx.insert(roleAssignments).values({ userId: user.id, roleId: input.roleId, orgUnitId: unit.id }).returning(roleAssignmentColumns);
    await auditOrg(tx, ctx.actor, 'org.role.assign', { userId: user.id, username: user.username, roleId: input.roleId, orgUnitId: unit.id, unitCode: unit.code });
    return { assignment: assignment!, created: true };
  });
}
