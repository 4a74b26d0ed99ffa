import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieSerializeOptions } from '@fastify/cookie';

export const sessionCookie = 'mainline_session';
export const csrfCookie = 'mainline_csrf';

export interface CookiePolicy {
  /** Always mark cookies Secure (MAINLINE_SECURE_COOKIES=1); otherwise only over https. */
  secure: boolean;
}

function baseOptions(request: FastifyRequest, policy: CookiePolicy): CookieSerializeOptions {
  return { path: '/', sameSite: 'lax', secure: policy.secure || request.protocol === 'https' };
}

/** The session cookie (httpOnly) and its CSRF token (readable by the page's script, to send back as a header). */
export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, policy: CookiePolicy, session: { token: string; csrfToken: string; expiresAt: Date }): void {
  const options = { ...baseOptions(request, policy), expires: session.expiresAt };
  reply.setCookie(sessionCookie, session.token, { ...options, httpOnly: true });
  reply.setCookie(csrfCookie, session.csrfToken, { ...options, httpOnly: false });
}

export function clearSessionCookies(request: FastifyRequest, reply: FastifyReply, policy: CookiePolicy): void {
  const options = baseOptions(request, policy);
  reply.clearCookie(sessionCookie, { ...options, httpOnly: true });
  reply.clearCookie(csrfCookie, { ...options, httpOnly: false });
}
