import { eq } from 'drizzle-orm';
import { users, type PlatformPermission } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { InputProblems } from './lib/input-problems.ts';
import { checkPermissionNames, requireAnotherAdmin, requireCanChange } from './lib/permission-changes.ts';
import { transact } from './lib/transact.ts';
import { requireUserForUpdate, userSummaryColumns, type UserSummary } from './lib/user-summary.ts';

export interface SetUserPermissionsInput {
  userId: string;
  /** The complete set of platform permissions the user holds afterwards. */
  permissions: PlatformPermission[];
}

export async function setUserPermissions(ctx: OperationContext, input: SetUserPermissionsInput): Promise<UserSummary> {
  requirePermission(ctx.actor, 'manageUsers');
  const permissions = [...new Set(input.permissions)];
  new InputProblems().add('/permissions', checkPermissionNames(permissions)).throwIfAny();
  return transact(ctx, async (tx) => {
    const user = await requireUserForUpdate(tx, input.userId);
    requireCanChange(ctx.actor, user.permissions, permissions);
    if (user.permissions.includes('admin') && !permissions.includes('admin') && !user.disabledAt) await requireAnotherAdmin(tx, user.id);
    const [updated] = await tx.update(users).set({ permissions }).where(eq(users.id, user.id)).returning(userSummaryColumns);
    await auditOrg(tx, ctx.actor, 'org.user.permissions', { userId: user.id, username: user.username, before: user.permissions, after: permissions });
    return updated!;
  });
}
