import { roleAssignments } from '@mainline/db';

/** A role held in an org unit: role@unit. */
export interface RoleAssignmentSummary {
  id: string;
  userId: string;
  roleId: string;
  orgUnitId: string;
  createdAt: Date;
  retiredAt: Date | null;
}

export const roleAssignmentColumns = {
  id: roleAssignments.id,
  userId: roleAssignments.userId,
  roleId: roleAssignments.roleId,
  orgUnitId: roleAssignments.orgUnitId,
  createdAt: roleAssignments.createdAt,
  retiredAt: roleAssignments.retiredAt,
};
