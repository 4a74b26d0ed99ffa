import type { FastifyRequest } from 'fastify';
import type { Credentials } from '../auth/resolve-actor.ts';
import type { ClientInfo } from '../context.ts';
import { sessionCookie } from './session-cookies.ts';

/**
 * The credentials a request presents. Any Authorization header counts as a bearer token, so that
 * a wrong scheme gets the clear `auth.token-invalid` rather than silently falling back to the cookie.
 */
export function credentialsOf(request: FastifyRequest): Credentials {
  const credentials: Credentials = {};
  const authorization = request.headers.authorization;
  if (authorization !== undefined) credentials.bearer = /^Bearer\s+(.*)$/i.exec(authorization)?.[1]?.trim() ?? authorization;
  const session = request.cookies[sessionCookie];
  if (session) credentials.session = session;
  return credentials;
}

export function clientInfoOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip, ...(userAgent ? { userAgent } : {}) };
}
