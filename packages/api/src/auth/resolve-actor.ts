import type { Db } from '@mainline/db';
import type { Actor } from '../context.ts';
import { OperationError } from '../errors.ts';
import { findApiToken, type ApiTokenLookup } from './api-tokens.ts';
import { findSession, type SessionLookup, type UserRow } from './sessions.ts';

/** What a request presents: the session cookie's value and/or the bearer token of the Authorization header. */
export interface Credentials {
  session?: string;
  bearer?: string;
}

export type Authentication =
  | { kind: 'anonymous' }
  | {
      kind: 'authenticated';
      actor: Actor;
      mustChangePassword: boolean;
      /** The session's CSRF token; null for bearer tokens, which need none. */
      csrfToken: string | null;
    }
  | { kind: 'rejected'; error: OperationError };

const sessionFailures: Record<Exclude<SessionLookup['status'], 'valid'>, [string, string]> = {
  unknown: ['auth.session-invalid', 'The session cookie is not valid. Sign in again.'],
  expired: ['auth.session-expired', 'The session has expired. Sign in again.'],
  revoked: ['auth.session-revoked', 'The session has ended (signed out, or the password was changed). Sign in again.'],
  'user-disabled': ['auth.user-disabled', 'This user is disabled.'],
};

const tokenFailures: Record<Exclude<ApiTokenLookup['status'], 'valid'>, [string, string]> = {
  malformed: ['auth.token-invalid', 'The bearer token is not a Mainline API token (ml_<prefix>_<secret>).'],
  unknown: ['auth.token-invalid', 'The API token is not known.'],
  expired: ['auth.token-expired', 'The API token has expired.'],
  revoked: ['auth.token-revoked', 'The API token has been revoked.'],
  'user-disabled': ['auth.user-disabled', 'The user of this API token is disabled.'],
};

function rejected([code, message]: [string, string]): Authentication {
  return { kind: 'rejected', error: new OperationError(401, code, message) };
}

function actorOf(user: UserRow, via: 'session' | 'token', id: string): Actor {
  return { userId: user.id, username: user.username, permissions: user.permissions, via, orgUnitId: user.orgUnitId, locale: user.locale, ...(via === 'session' ? { sessionId: id } : { tokenId: id }) };
}

/**
 * Who presents these credentials. A bearer token wins over a session cookie: an integrator's
 * script that happens to carry a cookie is still the integrator.
 */
export async function resolveActor(db: Db, credentials: Credentials, now = new Date()): Promise<Authentication> {
  if (credentials.bearer !== undefined) {
    const found = await findApiToken(db, credentials.bearer, now);
    if (found.status !== 'valid') return rejected(tokenFailures[found.status]);
    return { kind: 'authenticated', actor: actorOf(found.user, 'token', found.token.id), mustChangePassword: found.user.mustChangePassword, csrfToken: null };
  }
  if (credentials.session !== undefined) {
    const found = await findSession(db, credentials.session, now);
    if (found.status !== 'valid') return rejected(sessionFailures[found.status]);
    return { kind: 'authenticated', actor: actorOf(found.user, 'session', found.session.id), mustChangePassword: found.user.mustChangePassword, csrfToken: found.session.csrfToken };
  }
  return { kind: 'anonymous' };
}
