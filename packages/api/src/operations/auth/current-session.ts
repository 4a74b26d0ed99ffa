import { eq } from 'drizzle-orm';
import { apiTokens, sessions, users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { sessionEndsAt } from '../../auth/sessions.ts';
import { requireUserId } from './require-user.ts';
import { toSignedInUser, type SignedInUser } from './signed-in-user.ts';

export interface CurrentSession {
  user: SignedInUser;
  via: 'session' | 'token';
  /** For cookie sessions: the token every unsafe request sends as X-CSRF-Token. */
  csrfToken: string | null;
  /** When the session or token ends if nothing else happens: idle or absolute expiry. */
  expiresAt: string | null;
}

/** Who the caller is, and for a cookie session its CSRF token: what the apps load first. */
export async function currentSession(ctx: OperationContext): Promise<CurrentSession> {
  const userId = requireUserId(ctx.actor);
  const { db } = ctx.database;
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw new OperationError(401, 'auth.unauthenticated', 'This user no longer exists.');
  if (ctx.actor.via === 'session' && ctx.actor.sessionId) {
    const [session] = await db.select().from(sessions).where(eq(sessions.id, ctx.actor.sessionId));
    if (!session) throw new OperationError(401, 'auth.session-invalid', 'The session cookie is not valid. Sign in again.');
    return { user: toSignedInUser(user), via: 'session', csrfToken: session.csrfToken, expiresAt: sessionEndsAt(session).toISOString() };
  }
  if (ctx.actor.via === 'token' && ctx.actor.tokenId) {
    const [token] = await db.select({ expiresAt: apiTokens.expiresAt }).from(apiTokens).where(eq(apiTokens.id, ctx.actor.tokenId));
    return { user: toSignedInUser(user), via: 'token', csrfToken: null, expiresAt: token?.expiresAt?.toISOString() ?? null };
  }
  throw new OperationError(401, 'auth.unauthenticated', 'There is no session: sign in first.');
}
