import { and, eq, isNull } from 'drizzle-orm';
import { roleAssignments } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { isUuid } from './lib/is-uuid.ts';
import { roleAssignmentColumns, type RoleAssignmentSummary } from './lib/role-assignment-summary.ts';
import { transactOrg } from './lib/transact.ts';

/** Which assignment: by its id, or as role@unit of a user (the live one). */
export type UnassignRoleInput = { assignmentId: string } | { userId: string; roleId: string; orgUnitId: string };

/**
 * Retires a role assignment: it stops counting from now on, and stays in the table so that
 * "who could do what when" can still be answered. Retiring a retired assignment changes nothing.
 */
export async function unassignRole(ctx: OperationContext, input: UnassignRoleInput): Promise<RoleAssignmentSummary> {
  requirePermission(ctx.actor, 'manageUsers');
  const ids = 'assignmentId' in input ? [input.assignmentId] : [input.userId, input.orgUnitId];
  const where =
    'assignmentId' in input
      ? eq(roleAssignments.id, input.assignmentId)
      : and(eq(roleAssignments.userId, input.userId), eq(roleAssignments.roleId, input.roleId), eq(roleAssignments.orgUnitId, input.orgUnitId), isNull(roleAssignments.retiredAt));
  return transactOrg(ctx, async (tx) => {
    const [assignment] = ids.every(isUuid) ? await tx.select(roleAssignmentColumns).from(roleAssignments).where(where).for('update') : [];
    if (!assignment) throw new OperationError(404, 'org.role.unknown-assignment', 'There is no such role assignment.');
    if (assignment.retiredAt) return assignment;
    const [retired] = await tx.update(roleAssignments).set({ retiredAt: new Date() }).where(eq(roleAssignments.id, assignment.id)).returning(roleAssignmentColumns);
    await auditOrg(tx, ctx.actor, 'org.role.unassign', { assignmentId: assignment.id, userId: assignment.userId, roleId: assignment.roleId, orgUnitId: assignment.orgUnitId });
    return retired!;
  });
}
