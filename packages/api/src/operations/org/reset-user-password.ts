import { eq } from 'drizzle-orm';
import { platformPermissions, users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';
import { hashPassword, passwordProblems } from '../../auth/passwords.ts';
import { revokeUserSessions } from '../../auth/sessions.ts';
import { auditOrg } from './lib/audit-org.ts';
import { InputProblems } from './lib/input-problems.ts';
import { transact } from './lib/transact.ts';
import { requireUserForUpdate, userSummaryColumns, type UserSummary } from './lib/user-summary.ts';

export interface ResetUserPasswordInput {
  userId: string;
  /** The new password, under the sign-in password policy. */
  password: string;
  /** Default true: whoever set the password knows it, so the user changes it at the next sign-in. */
  mustChangePassword?: boolean;
}

/**
 * An administrator sets another user's password (a forgotten password, a lost first-admin
 * password) without knowing the current one. Every session of the user ends; API tokens stay.
 * A caller resets only users whose platform permissions it holds itself: otherwise manageUsers
 * alone would be a way into an admin's account.
 */
export async function resetUserPassword(ctx: OperationContext, input: ResetUserPasswordInput): Promise<UserSummary> {
  requirePermission(ctx.actor, 'manageUsers');
  const { db } = ctx.database;
  // Hashing is slow by design: check and hash before the transaction, which then stays short.
  const target = await transact(ctx, (tx) => requireUserForUpdate(tx, input.userId));
  const problems = new InputProblems();
  problems.problems.push(...passwordProblems(input.password, '/password', { username: target.username }));
  problems.throwIfAny();
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const user = await requireUserForUpdate(tx, input.userId);
    const beyond = ctx.actor.permissions.includes('admin') ? [] : platformPermissions.filter((p) => user.permissions.includes(p) && !ctx.actor.permissions.includes(p));
    if (beyond.length > 0) {
      throw new OperationError(403, 'org.user.permission-escalation', `Only a holder of ${beyond.map((p) => `"${p}"`).join(', ')} can reset the password of a user who holds it.`);
    }
    const [updated] = await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: input.mustChangePassword ?? true })
      .where(eq(users.id, user.id))
      .returning(userSummaryColumns);
    await revokeUserSessions(tx, user.id);
    await auditOrg(tx, ctx.actor, 'org.user.password-reset', { userId: user.id, username: user.username });
    return updated!;
  });
}
