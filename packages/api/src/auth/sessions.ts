import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { sessions, users, type Db } from '@mainline/db';
import type { ClientInfo } from '../context.ts';
import { perDatabase } from './per-database.ts';
import { newSecret, sha256Hex } from './secret.ts';

export const sessionIdleMs = 12 * 60 * 60 * 1000;
export const sessionLifetimeMs = 7 * 24 * 60 * 60 * 1000;
// last_seen_at is written at most once a minute per session, not on every request.
const touchIntervalMs = 60 * 1000;

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export interface NewSession {
  /** The cookie value: given to the client once, never stored. */
  token: string;
  /** sessions.id: the SHA-256 of the token. */
  id: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(db: Db, userId: string, client: ClientInfo = {}, now = new Date()): Promise<NewSession> {
  const token = newSecret(32);
  const session = { id: sha256Hex(token), csrfToken: newSecret(32), expiresAt: new Date(now.getTime() + sessionLifetimeMs) };
  await db.insert(sessions).values({
    ...session,
    userId,
    createdAt: now,
    lastSeenAt: now,
    userAgent: client.userAgent?.slice(0, 500) ?? null,
    ip: client.ip ?? null,
  });
  return { token, ...session };
}

export type SessionLookup =
  | { status: 'valid'; session: SessionRow; user: UserRow }
  | { status: 'unknown' | 'expired' | 'revoked' | 'user-disabled' };

/** When the session ends if it stays idle: 12 hours after it was last seen, and never after its absolute expiry. */
export function sessionEndsAt(session: Pick<SessionRow, 'lastSeenAt' | 'expiresAt'>): Date {
  return new Date(Math.min(session.lastSeenAt.getTime() + sessionIdleMs, session.expiresAt.getTime()));
}

/** The session look-up of every signed-in request, a prepared statement (parsed and planned once per connection). */
const sessionLookup = perDatabase((db) =>
  db.select({ session: sessions, user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(eq(sessions.id, sql.placeholder('id'))).prepare('find_session'),
);

/** Looks a cookie value up and, when the session is valid, slides its idle expiry forward. */
export async function findSession(db: Db, token: string, now = new Date()): Promise<SessionLookup> {
  if (token.length === 0 || token.length > 128) return { status: 'unknown' };
  const [row] = await sessionLookup(db).execute({ id: sha256Hex(token) });
  if (!row) return { status: 'unknown' };
  const { session, user } = row;
  if (session.revokedAt) return { status: 'revoked' };
  if (sessionEndsAt(session) <= now) return { status: 'expired' };
  if (user.disabledAt) return { status: 'user-disabled' };
  if (now.getTime() - session.lastSeenAt.getTime() > touchIntervalMs) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
    session.lastSeenAt = now;
  }
  return { status: 'valid', session, user };
}

export async function revokeSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Ends every session of a user, except `exceptSessionId` (the one that asked, when it changes the password). */
export async function revokeUserSessions(db: Db, userId: string, exceptSessionId?: string, now = new Date()): Promise<void> {
  const others = exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined;
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), others));
}
