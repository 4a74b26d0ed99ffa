import { eq } from 'drizzle-orm';
import { users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { hashPassword, passwordProblems, verifyPassword } from '../../auth/passwords.ts';
import { checkLoginRateLimit, recordLoginFailure } from '../../auth/rate-limit.ts';
import { revokeUserSessions } from '../../auth/sessions.ts';
import { auditAuth } from './audit-auth.ts';
import { requireUserId } from './require-user.ts';

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/**
 * Replaces the caller's password after checking the current one, lifts `must_change_password`, and
 * ends the user's other sessions (the calling session stays signed in).
 */
export async function changePassword(ctx: OperationContext, input: ChangePasswordInput): Promise<void> {
  const userId = requireUserId(ctx.actor);
  const { db } = ctx.database;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new OperationError(401, 'auth.unauthenticated', 'This user no longer exists.');
  // Wrong current passwords count as failed sign-ins: a stolen session must not become a password oracle.
  const verdict = await checkLoginRateLimit(db, user.username, ctx.client?.ip);
  if (verdict.limited) {
    throw new OperationError(429, 'auth.rate-limited', `Too many wrong passwords. Try again in ${verdict.retryAfterSeconds} seconds.`, [], {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordLoginFailure(db, user.username, ctx.client?.ip);
    throw new OperationError(403, 'auth.wrong-password', 'The current password is wrong.', [
      { pointer: '/currentPassword', code: 'auth.wrong-password', message: 'The current password is wrong.' },
    ]);
  }
  const problems = passwordProblems(input.newPassword, '/newPassword', { username: user.username, current: input.currentPassword });
  if (problems.length > 0) throw new OperationError(422, 'auth.password-rejected', problems[0]?.message ?? 'The new password is not acceptable.', problems);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, userId));
    await revokeUserSessions(tx, userId, ctx.actor.sessionId);
    await auditAuth(tx, ctx.actor, 'auth.password-changed', { via: ctx.actor.via });
  });
}
