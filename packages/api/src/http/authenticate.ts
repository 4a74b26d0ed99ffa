import type { FastifyRequest } from 'fastify';
import type { Database } from '@mainline/db';
import { assertCsrfToken, csrfHeader, isUnsafeMethod } from '../auth/csrf.ts';
import { requireAuthentication, requirePasswordChanged } from '../auth/require-authentication.ts';
import { resolveActor, type Authentication } from '../auth/resolve-actor.ts';
import { credentialsOf } from './request-credentials.ts';

/**
 * What a REST route asks of its caller (route `config.auth`):
 * - `public`: nothing, credentials are not even looked at (health, login);
 * - `optional`: a valid session or token is used when present, bad ones are ignored (logout);
 * - `signed-in`: signed in, even while a one-time password still has to be changed (session, password change);
 * - `required` (the default): signed in with a password of one's own.
 * Cookie-authenticated unsafe requests need the CSRF token in every mode but `public`.
 */
export type AuthMode = 'public' | 'optional' | 'signed-in' | 'required';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthMode;
  }
  interface FastifyRequest {
    /** Set by the authenticate hook; null on public routes. */
    authentication: Authentication | null;
  }
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An onRequest hook (before the body is even read) that authenticates the request as its route's `config.auth` asks; throws 401/403 OperationErrors. */
export function authenticateHook(database: Database) {
  return async function authenticate(request: FastifyRequest): Promise<void> {
    const mode = request.routeOptions.config?.auth ?? 'required';
    if (mode === 'public') return;
    let auth = await resolveActor(database.db, credentialsOf(request));
    if (mode === 'optional' && auth.kind === 'rejected') auth = { kind: 'anonymous' };
    request.authentication = auth;
    if (mode === 'optional' && auth.kind === 'anonymous') return;
    const signedIn = requireAuthentication(auth);
    if (signedIn.csrfToken !== null && isUnsafeMethod(request.method)) assertCsrfToken(signedIn.csrfToken, headerValue(request, csrfHeader));
    if (mode !== 'signed-in' && mode !== 'optional') requirePasswordChanged(signedIn);
  };
}
