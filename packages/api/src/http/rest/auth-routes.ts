import type { FastifyInstance } from 'fastify';
import { login, type LoginInput } from '../../operations/auth/login.ts';
import { logout } from '../../operations/auth/logout.ts';
import { currentSession } from '../../operations/auth/current-session.ts';
import { changePassword, type ChangePasswordInput } from '../../operations/auth/change-password.ts';
import { operationContext } from '../operation-context.ts';
import { clearSessionCookies, setSessionCookies } from '../session-cookies.ts';
import { changePasswordBody, loginBody } from '../schemas/auth-schemas.ts';
import type { RestOptions } from './rest-options.ts';

/** Sign-in, sign-out, the current session and the password, under /api/v1/auth. */
export async function authRoutes(app: FastifyInstance, { database, cookies }: RestOptions): Promise<void> {
  app.post<{ Body: LoginInput }>('/auth/login', { schema: { body: loginBody }, config: { auth: 'public' } }, async (request, reply) => {
    const { user, session } = await login(operationContext(request, database), request.body);
    setSessionCookies(request, reply, cookies, session);
    return { user, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  });

  app.post('/auth/logout', { config: { auth: 'optional' } }, async (request, reply) => {
    await logout(operationContext(request, database));
    clearSessionCookies(request, reply, cookies);
    return reply.code(204).send();
  });

  app.get('/auth/session', { config: { auth: 'signed-in' } }, async (request) => currentSession(operationContext(request, database)));

  app.post<{ Body: ChangePasswordInput }>('/auth/password', { schema: { body: changePasswordBody }, config: { auth: 'signed-in' } }, async (request, reply) => {
    await changePassword(operationContext(request, database), request.body);
    return reply.code(204).send();
  });
}
