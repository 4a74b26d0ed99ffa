import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type TestUser } from '../../testing/auth-fixtures.ts';

describe(`login and logout (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    ana = await createTestUser(database, 'ana', { password: 'correct horse battery' });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const login = (username: string, password: string, remoteAddress = '10.0.0.1') =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress });

  it('sets an httpOnly SameSite session cookie and returns the CSRF token, also in a readable cookie', async () => {
    const response = await login('ana', 'correct horse battery');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.user).toMatchObject({ username: 'ana', permissions: [], mustChangePassword: false });
    expect(body.user).not.toHaveProperty('passwordHash');
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const session = response.cookies.find((c) => c.name === 'mainline_session');
    const csrf = response.cookies.find((c) => c.name === 'mainline_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session?.secure).toBeFalsy();
    expect(csrf).toMatchObject({ value: body.csrfToken, sameSite: 'Lax' });
    expect(csrf?.httpOnly).toBeFalsy();
    // only the hash of the cookie value is stored
    const stored = await database.rows<{ id: string }>(sql`select id from sessions`);
    expect(stored.map((s) => s.id)).not.toContain(session?.value);
  });

  it('is case-insensitive in the username', async () => {
    expect((await login('ANA', 'correct horse battery')).statusCode).toBe(200);
  });

  it('marks cookies Secure over https and when MAINLINE_SECURE_COOKIES is on', async () => {
    const secureApp = await createServer({ database, logger: false, secureCookies: true });
    const response = await secureApp.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ana', password: 'correct horse battery' } });
    expect(response.cookies.map((c) => [c.name, c.secure])).toEqual([['mainline_session', true], ['mainline_csrf', true]]);
    await secureApp.close();
    const proxied = await createServer({ database, logger: false, trustProxy: true });
    const viaHttps = await proxied.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'ana', password: 'correct horse battery' } });
    expect(viaHttps.cookies.map((c) => [c.name, c.secure])).toEqual([['mainline_session', true], ['mainline_csrf', true]]);
    await proxied.close();
  });

  it('answers a wrong password and an unknown user with the same 401 problem', async () => {
    const wrong = await login('ana', 'not the password', '10.0.0.2');
    const unknown = await login('nobody', 'not the password', '10.0.0.2');
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.cookies).toEqual([]);
    }
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({
      type: 'urn:mainline:problem:auth.invalid-credentials',
      title: 'Unauthorized',
      status: 401,
      detail: 'Wrong username or password.',
      code: 'auth.invalid-credentials',
      errors: [],
    });
  });

  it('rejects a body that does not match the schema with 400 and pointers', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ana', pasword: 'x' } });
    expect(response.statusCode).toBe(400);
    const problem = response.json();
    expect(problem.code).toBe('request.invalid');
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/password', code: 'schema.required' }),
        expect.objectContaining({ pointer: '/pasword', code: 'schema.additionalProperties' }),
      ]),
    );
    const notJson = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"username":' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json().code).toBe('request.invalid-json');
  });

  it('answers 429 with Retry-After after 5 failures for a username, even with the right password, and a success clears them', async () => {
    const bob = await createTestUser(database, 'bob', { password: 'bob password 1' });
    for (let i = 0; i < 4; i++) expect((await login('bob', 'wrong', `10.1.0.${i}`)).statusCode).toBe(401);
    expect((await login('bob', bob.password, '10.1.0.9')).statusCode).toBe(200); // success clears the four failures
    for (let i = 0; i < 5; i++) expect((await login('Bob', 'wrong', `10.1.1.${i}`)).statusCode).toBe(401);
    const limited = await login('bob', bob.password, '10.1.2.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'auth.rate-limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(800);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(900);
    // the window passes: move the failures 16 minutes into the past
    await database.rows(sql`update login_failures set at = at - interval '16 minutes' where username = 'bob'`);
    expect((await login('bob', bob.password, '10.1.2.1')).statusCode).toBe(200);
    expect(await database.rows(sql`select 1 from login_failures where username = 'bob'`)).toEqual([]);
  });

  it('limits one address to 20 failures across usernames', async () => {
    const carol = await createTestUser(database, 'carol', { password: 'carol password 1' });
    for (let i = 0; i < 20; i++) expect((await login(`guess${i}`, 'wrong', '10.2.0.1')).statusCode).toBe(401);
    expect((await login('carol', carol.password, '10.2.0.1')).statusCode).toBe(429);
    expect((await login('carol', carol.password, '10.2.0.2')).statusCode).toBe(200);
  });

  it('refuses disabled users like wrong passwords', async () => {
    const dan = await createTestUser(database, 'dan', { password: 'dan password 1' });
    await database.rows(sql`update users set disabled_at = now() where id = ${dan.id}`);
    const response = await login('dan', dan.password, '10.3.0.1');
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('auth.invalid-credentials');
  });

  it('logout ends the session and clears the cookies; the old cookie then gets 401', async () => {
    const signedIn = await signIn(app, ana);
    const logout = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: signedIn.cookies, headers: { 'x-csrf-token': signedIn.csrfToken } });
    expect(logout.statusCode).toBe(204);
    expect(logout.cookies.map((c) => [c.name, c.value])).toEqual([
      ['mainline_session', ''],
      ['mainline_csrf', ''],
    ]);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: signedIn.cookies });
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('auth.session-revoked');
    // logging out again, or without any session, is harmless
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: signedIn.cookies })).statusCode).toBe(204);
    expect((await app.inject({ method: 'POST', url: '/api/v1/auth/logout' })).statusCode).toBe(204);
  });

  it('logout of a live session needs the CSRF token', async () => {
    const signedIn = await signIn(app, ana);
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', cookies: signedIn.cookies });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('auth.csrf');
  });
});
