import { eq, sql } from 'drizzle-orm';
import { users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { verifyDummyPassword, verifyPassword } from '../../auth/passwords.ts';
import { checkLoginRateLimit, clearLoginFailures, recordLoginFailure } from '../../auth/rate-limit.ts';
import { createSession, type NewSession } from '../../auth/sessions.ts';
import { auditAuth } from './audit-auth.ts';
import { toSignedInUser, type SignedInUser } from './signed-in-user.ts';

export interface LoginInput {
  username: string;
  password: string;
}

export interface LoginResult {
  user: SignedInUser;
  session: NewSession;
}

/** Checks a username and password and opens a session. Unknown users and wrong passwords fail alike, in alike time. */
export async function login(ctx: OperationContext, input: LoginInput): Promise<LoginResult> {
  const { db } = ctx.database;
  const ip = ctx.client?.ip;
  const username = input.username.trim();
  const verdict = await checkLoginRateLimit(db, username, ip);
  if (verdict.limited) {
    throw new OperationError(429, 'auth.rate-limited', `Too many failed sign-ins. Try again in ${verdict.retryAfterSeconds} seconds.`, [], {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  const [user] = await db.select().from(users).where(eq(sql`lower(${users.username})`, username.toLowerCase()));
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, input.password) : await verifyDummyPassword(input.password);
  if (!user || !ok || user.disabledAt) {
    await recordLoginFailure(db, username, ip);
    throw new OperationError(401, 'auth.invalid-credentials', 'Wrong username or password.');
  }
  await clearLoginFailures(db, username);
  const session = await createSession(db, user.id, ctx.client);
  await auditAuth(db, { userId: user.id }, 'auth.login', { ip: ip ?? null });
  return { user: toSignedInUser(user), session };
}
