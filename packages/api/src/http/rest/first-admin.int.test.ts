import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { ensureFirstAdmin } from '../../auth/first-admin.ts';
import { createServer } from '../create-server.ts';
import { signIn } from '../../testing/auth-fixtures.ts';

describe(`first admin and the forced password change (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('creates admin with a one-time password on an empty users table, once', async () => {
    const results = await Promise.all([ensureFirstAdmin(database), ensureFirstAdmin(database)]);
    expect(results.filter((r) => r.created)).toEqual([{ created: true, username: 'admin', password: expect.stringMatching(/^\S{20}$/) }]);
    expect(await ensureFirstAdmin(database)).toEqual({ created: false });
    const users = await database.rows<{ username: string; must_change_password: boolean; permissions: string[] }>(sql`select username, must_change_password, permissions from users`);
    expect(users).toEqual([{ username: 'admin', must_change_password: true, permissions: ['admin'] }]);
  });

  it('lets the new admin do nothing but read the session, change the password and log out until the password is changed', async () => {
    await database.rows(sql`delete from audit_log`);
    await database.rows(sql`delete from users`);
    const first = await ensureFirstAdmin(database);
    if (!first.created) throw new Error('expected a first admin');
    const admin = await signIn(app, { username: 'admin', password: first.password });
    expect(admin.response.json().user).toMatchObject({ mustChangePassword: true, permissions: ['admin'] });
    const csrf = { 'x-csrf-token': admin.csrfToken };

    const session = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: admin.cookies });
    expect(session.statusCode).toBe(200);
    const tokens = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', cookies: admin.cookies });
    expect(tokens.statusCode).toBe(403);
    expect(tokens.json().code).toBe('auth.password-change-required');

    const weak = await app.inject({ method: 'POST', url: '/api/v1/auth/password', cookies: admin.cookies, headers: csrf, payload: { currentPassword: first.password, newPassword: 'short' } });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().errors).toEqual([expect.objectContaining({ pointer: '/newPassword', code: 'auth.password.too-short' })]);
    const wrong = await app.inject({ method: 'POST', url: '/api/v1/auth/password', cookies: admin.cookies, headers: csrf, payload: { currentPassword: 'nope', newPassword: 'a much better password' } });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('auth.wrong-password');

    const otherSession = await signIn(app, { username: 'admin', password: first.password });
    const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', cookies: admin.cookies, headers: csrf, payload: { currentPassword: first.password, newPassword: 'a much better password' } });
    expect(changed.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', cookies: admin.cookies })).statusCode).toBe(200);
    // the other session ended with the password change; this one stays
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: otherSession.cookies })).json().code).toBe('auth.session-revoked');
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: first.password } })).statusCode).toBe(401);
    const again = await signIn(app, { username: 'admin', password: 'a much better password' });
    expect(again.response.json().user.mustChangePassword).toBe(false);
  });

  it('allows logout while the password change is pending', async () => {
    await database.rows(sql`update users set must_change_password = true where username = 'admin'`);
    const admin = await signIn(app, { username: 'admin', password: 'a much better password' });
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: admin.cookies, headers: { 'x-csrf-token': admin.csrfToken } });
    expect(logout.statusCode).toBe(204);
  });
});
