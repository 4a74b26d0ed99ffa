import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { sha256Hex } from '../../auth/secret.ts';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type TestUser } from '../../testing/auth-fixtures.ts';

describe(`cookie sessions, CSRF and anonymous calls (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    app.get('/boom', async () => {
      throw new Error('secret internals');
    });
    ana = await createTestUser(database, 'ana');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const createToken = (cookies: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies, headers, payload: { name: 'ci' } });

  it('serves health to anyone, also with a bad cookie', async () => {
    for (const cookies of [{}, { mainline_session: 'garbage' }] as Record<string, string>[]) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/health', cookies });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ status: 'ok', database: database.kind });
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it.each([
    ['GET', '/api/v1/auth/session'],
    ['GET', '/api/v1/auth/tokens'],
    ['POST', '/api/v1/auth/tokens'],
    ['DELETE', '/api/v1/auth/tokens/00000000-0000-0000-0000-000000000000'],
    ['POST', '/api/v1/auth/password'],
    ['GET', '/api/v1/records/lead'],
    ['PATCH', '/api/v1/anything/at/all'],
  ] as const)('answers anonymous %s %s with 401 problem+json', async (method, url) => {
    const response = await app.inject({ method, url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.headers['www-authenticate']).toBe('Bearer realm="mainline"');
    expect(response.json()).toMatchObject({ status: 401, code: 'auth.unauthenticated', title: 'Unauthorized', errors: [] });
  });

  it('answers a signed-in caller 404 for routes that do not exist', async () => {
    const { cookies } = await signIn(app, ana);
    const response = await app.inject({ method: 'GET', url: '/api/v1/no-such-route', cookies });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'http.not-found', status: 404 });
  });

  it('answers an unknown session cookie with 401 auth.session-invalid', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: { mainline_session: 'not-a-session' } });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('auth.session-invalid');
  });

  it('returns the session with its CSRF token', async () => {
    const { cookies, csrfToken } = await signIn(app, ana);
    const response = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ via: 'session', csrfToken, user: { username: 'ana' } });
  });

  it('expires sessions idle for more than 12 hours, sliding with use', async () => {
    const { cookies, session } = await signIn(app, ana);
    const id = sha256Hex(session);
    await database.rows(sql`update sessions set last_seen_at = now() - interval '11 hours' where id = ${id}`);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies })).statusCode).toBe(200);
    const [seen] = await database.rows<{ idle: boolean }>(sql`select last_seen_at > now() - interval '1 minute' as idle from sessions where id = ${id}`);
    expect(seen?.idle).toBe(true); // the request slid the idle expiry forward
    await database.rows(sql`update sessions set last_seen_at = now() - interval '13 hours' where id = ${id}`);
    const expired = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies });
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ code: 'auth.session-expired', detail: 'The session has expired. Sign in again.' });
  });

  it('expires sessions after their absolute lifetime however busy', async () => {
    const { cookies, session } = await signIn(app, ana);
    await database.rows(sql`update sessions set expires_at = now() - interval '1 second' where id = ${sha256Hex(session)}`);
    const response = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('auth.session-expired');
  });

  it('answers revoked sessions and sessions of disabled users with 401', async () => {
    const { cookies, session } = await signIn(app, ana);
    await database.rows(sql`update sessions set revoked_at = now() where id = ${sha256Hex(session)}`);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies })).json().code).toBe('auth.session-revoked');
    const eve = await createTestUser(database, 'eve');
    const eveIn = await signIn(app, eve);
    await database.rows(sql`update users set disabled_at = now() where id = ${eve.id}`);
    const disabled = await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: eveIn.cookies });
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json().code).toBe('auth.user-disabled');
  });

  it('refuses a cookie-authenticated write without the CSRF token (403) and accepts it with the token', async () => {
    const { cookies, csrfToken } = await signIn(app, ana);
    const missing = await createToken(cookies);
    expect(missing.statusCode).toBe(403);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(missing.json()).toMatchObject({ code: 'auth.csrf', status: 403, title: 'Forbidden' });
    const wrong = await createToken(cookies, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('auth.csrf');
    // another session's token does not do either: the token is bound to its session
    const other = await signIn(app, ana);
    expect((await createToken(cookies, { 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
    const ok = await createToken(cookies, { 'x-csrf-token': csrfToken });
    expect(ok.statusCode).toBe(201);
  });

  it('answers unexpected errors with 500, a request id and nothing of the error itself', async () => {
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    const problem = response.json();
    expect(problem).toMatchObject({ status: 500, code: 'internal', requestId: response.headers['x-request-id'] });
    expect(response.body).not.toContain('secret internals');
    expect(response.body).not.toContain('at ');
  });

  it('answers unknown routes outside /api/v1 with a 404 problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('http.not-found');
  });
});
