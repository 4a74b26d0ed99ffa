import { OperationError } from '../errors.ts';
import type { Authentication } from './resolve-actor.ts';

export type Authenticated = Extract<Authentication, { kind: 'authenticated' }>;

/** The caller, or 401: `auth.unauthenticated` without credentials, the reason with bad ones. */
export function requireAuthentication(auth: Authentication): Authenticated {
  if (auth.kind === 'rejected') throw auth.error;
  if (auth.kind === 'anonymous') {
    throw new OperationError(401, 'auth.unauthenticated', 'Sign in first: send the mainline_session cookie from POST /api/v1/auth/login, or an API token as "Authorization: Bearer ml_…".');
  }
  return auth;
}

/** 403 `auth.password-change-required` while the user still has to replace a one-time password. */
export function requirePasswordChanged(auth: Authenticated): void {
  if (auth.mustChangePassword) {
    throw new OperationError(403, 'auth.password-change-required', 'Change your password first (POST /api/v1/auth/password); until then only the session, password change and logout are available.');
  }
}
