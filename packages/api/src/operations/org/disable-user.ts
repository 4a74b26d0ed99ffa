import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens, sessions, users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { auditOrg } from './lib/audit-org.ts';
import { requireAnotherAdmin } from './lib/permission-changes.ts';
import { transactOrg } from './lib/transact.ts';
import { requireUserForUpdate, userSummaryColumns, type UserSummary } from './lib/user-summary.ts';

/**
 * Disables a user: they can no longer sign in, their sessions and API tokens are revoked at
 * once. The user, their role assignments and everything they did stay; `enableUser` undoes it.
 */
export async function disableUser(ctx: OperationContext, input: { userId: string }): Promise<UserSummary> {
  requirePermission(ctx.actor, 'manageUsers');
  return transactOrg(ctx, async (tx) => {
    const user = await requireUserForUpdate(tx, input.userId);
    if (user.disabledAt) return user;
    if (user.permissions.includes('admin')) await requireAnotherAdmin(tx, user.id);
    const now = new Date();
    const [disabled] = await tx.update(users).set({ disabledAt: now }).where(eq(users.id, user.id)).returning(userSummaryColumns);
    await tx.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)));
    await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)));
    await auditOrg(tx, ctx.actor, 'org.user.disable', { userId: user.id, username: user.username });
    return disabled!;
  });
}

/** Lets a disabled user sign in again (with a new session; revoked ones stay revoked). */
export async function enableUser(ctx: OperationContext, input: { userId: string }): Promise<UserSummary> {
  requirePermission(ctx.actor, 'manageUsers');
  return transactOrg(ctx, async (tx) => {
    const user = await requireUserForUpdate(tx, input.userId);
    if (!user.disabledAt) return user;
    const [enabled] = await tx.update(users).set({ disabledAt: null }).where(eq(users.id, user.id)).returning(userSummaryColumns);
    await auditOrg(tx, ctx.actor, 'org.user.enable', { userId: user.id, username: user.username });
    return enabled!;
  });
}
