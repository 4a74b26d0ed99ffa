import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { createServer } from '../create-server.ts';
import { createTestUser, type TestUser } from '../../testing/auth-fixtures.ts';

describe(`tRPC at /trpc (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    ana = await createTestUser(database, 'ana');
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const mutate = (path: string, input: unknown, cookies: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `/trpc/${path}`, cookies, headers: { ...headers, 'content-type': 'application/json' }, payload: input === undefined ? '' : JSON.stringify(input) });

  async function trpcLogin() {
    const response = await mutate('auth.login', { username: 'ana', password: ana.password });
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((c) => c.name === 'mainline_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const { csrfToken } = response.json().result.data;
    return { cookies: { mainline_session: session?.value ?? '' }, csrfToken: csrfToken as string };
  }

  it('answers health to anyone', async () => {
    const response = await app.inject({ method: 'GET', url: '/trpc/health' });
    expect(response.json()).toEqual({ result: { data: { status: 'ok', database: database.kind } } });
  });

  it('logs in, reads the session and runs a mutation with session cookie and CSRF token', async () => {
    const { cookies, csrfToken } = await trpcLogin();
    const session = await app.inject({ method: 'GET', url: '/trpc/auth.session', cookies });
    expect(session.statusCode).toBe(200);
    expect(session.json().result.data).toMatchObject({ via: 'session', csrfToken, user: { username: 'ana' } });
    const created = await mutate('auth.tokens.create', { name: 'from trpc' }, cookies, { 'x-csrf-token': csrfToken });
    expect(created.statusCode).toBe(200);
    expect(created.json().result.data.token).toMatch(/^ml_/);
  });

  it('refuses a cookie mutation without CSRF token with 403 and the problem in data', async () => {
    const { cookies } = await trpcLogin();
    const response = await mutate('auth.tokens.create', { name: 'no csrf' }, cookies);
    expect(response.statusCode).toBe(403);
    const { error } = response.json();
    expect(error.data).toMatchObject({ code: 'FORBIDDEN', httpStatus: 403, path: 'auth.tokens.create', problem: { status: 403, code: 'auth.csrf', type: 'urn:mainline:problem:auth.csrf', errors: [] } });
    expect(error.data).not.toHaveProperty('stack');
  });

  it('answers anonymous protected calls with 401, and bad input with 400 and pointers', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/trpc/auth.session' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.data.problem.code).toBe('auth.unauthenticated');
    const invalid = await mutate('auth.login', { username: 'ana' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.data.problem).toMatchObject({ code: 'request.invalid', errors: [expect.objectContaining({ pointer: '/password', code: 'schema.required' })] });
  });

  it('answers a wrong password with the same problem as REST', async () => {
    const response = await mutate('auth.login', { username: 'ana', password: 'wrong' }, {}, {});
    expect(response.statusCode).toBe(401);
    expect(response.json().error.data.problem).toEqual({
      type: 'urn:mainline:problem:auth.invalid-credentials',
      title: 'Unauthorized',
      status: 401,
      detail: 'Wrong username or password.',
      code: 'auth.invalid-credentials',
      errors: [],
    });
  });

  it('answers too many failed logins with 429, Retry-After and the problem', async () => {
    await createTestUser(database, 'zed');
    for (let i = 0; i < 5; i++) expect((await mutate('auth.login', { username: 'zed', password: 'wrong' })).statusCode).toBe(401);
    const limited = await mutate('auth.login', { username: 'zed', password: 'zed-secret-pw' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.data.problem).toMatchObject({ code: 'auth.rate-limited', retryAfterSeconds: expect.any(Number) });
  });

  it('works with bearer tokens without CSRF token', async () => {
    const { cookies, csrfToken } = await trpcLogin();
    const { token } = (await mutate('auth.tokens.create', { name: 'bearer' }, cookies, { 'x-csrf-token': csrfToken })).json().result.data;
    const list = await app.inject({ method: 'GET', url: '/trpc/auth.tokens.list', headers: { authorization: `Bearer ${token}` } });
    expect(list.statusCode).toBe(200);
    const logout = await mutate('auth.logout', undefined, cookies, { 'x-csrf-token': csrfToken });
    expect(logout.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/trpc/auth.session', cookies })).statusCode).toBe(401);
  });
});
