import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { users, type Database, type PlatformPermission } from '@mainline/db';
import { hashPassword } from '../auth/passwords.ts';

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

/** Inserts a user with a password straight into the database. */
export async function createTestUser(
  database: Database,
  username: string,
  options: { password?: string; permissions?: PlatformPermission[]; mustChangePassword?: boolean } = {},
): Promise<TestUser> {
  const password = options.password ?? `${username}-secret-pw`;
  const [row] = await database.db
    .insert(users)
    .values({ username, displayName: username, passwordHash: await hashPassword(password), permissions: options.permissions ?? [], mustChangePassword: options.mustChangePassword ?? false })
    .returning({ id: users.id });
  if (!row) throw new Error('no user inserted');
  return { id: row.id, username, password };
}

export interface SignedIn {
  /** The session cookie value. */
  session: string;
  csrfToken: string;
  /** Cookies for inject(). */
  cookies: Record<string, string>;
  response: LightMyRequestResponse;
}

/** Signs in through POST /api/v1/auth/login and returns what a browser would keep. */
export async function signIn(app: FastifyInstance, user: { username: string; password: string }, remoteAddress = '127.0.0.1'): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: user.username, password: user.password }, remoteAddress });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const session = response.cookies.find((c) => c.name === 'mainline_session')?.value ?? '';
  const csrfToken = (response.json() as { csrfToken: string }).csrfToken;
  return { session, csrfToken, cookies: { mainline_session: session, mainline_csrf: csrfToken }, response };
}
