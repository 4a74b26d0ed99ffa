import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type SignedIn, type TestUser } from '../../testing/auth-fixtures.ts';

describe(`API tokens (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: TestUser;
  let anaIn: SignedIn;
  let admin: SignedIn;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    ana = await createTestUser(database, 'ana');
    anaIn = await signIn(app, ana);
    admin = await signIn(app, await createTestUser(database, 'root', { permissions: ['manageUsers'] }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  async function create(who: SignedIn, payload: Record<string, unknown>) {
    return app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies: who.cookies, headers: { 'x-csrf-token': who.csrfToken }, payload });
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('creates a token shown once, stored only as a hash, listed without the secret', async () => {
    const response = await create(anaIn, { name: 'crm sync' });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const created = response.json();
    expect(created).toMatchObject({ name: 'crm sync', status: 'active', expiresAt: null, userId: ana.id });
    expect(created.token).toMatch(/^ml_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(created.token.startsWith(`${created.prefix}_`)).toBe(true);
    const stored = await database.rows<{ token_hash: string }>(sql`select token_hash from api_tokens where id = ${created.id}`);
    expect(stored[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    const list = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', cookies: anaIn.cookies });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(created.token);
    expect(list.json().tokens.map((t: { id: string }) => t.id)).toContain(created.id);
  });

  it('authenticates bearer requests, writes included, without CSRF token or cookie', async () => {
    const { token } = (await create(anaIn, { name: 'script' })).json();
    const session = await app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: bearer(token) });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ via: 'token', csrfToken: null, user: { username: 'ana' } });
    const list = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) });
    expect(list.statusCode).toBe(200);
    const [used] = await database.rows<{ last_used_at: Date | null }>(sql`select last_used_at from api_tokens where prefix = ${token.slice(3, 11)}`);
    expect(used?.last_used_at).not.toBeNull();
  });

  it('does not let a token mint more tokens', async () => {
    const { token } = (await create(anaIn, { name: 'script 2' })).json();
    const response = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: bearer(token), payload: { name: 'child' } });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('auth.session-required');
  });

  it('answers revoked, expired and garbage tokens with 401 and a reason', async () => {
    const revokedToken = (await create(anaIn, { name: 'to revoke' })).json();
    const revoke = await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${revokedToken.id}`, cookies: anaIn.cookies, headers: { 'x-csrf-token': anaIn.csrfToken } });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toMatchObject({ id: revokedToken.id, status: 'revoked' });
    const expiring = (await create(anaIn, { name: 'short', expiresAt: new Date(Date.now() + 60_000).toISOString() })).json();
    await database.rows(sql`update api_tokens set expires_at = now() - interval '1 second' where id = ${expiring.id}`);
    const cases: [string, string][] = [
      [revokedToken.token, 'auth.token-revoked'],
      [expiring.token, 'auth.token-expired'],
      ['garbage', 'auth.token-invalid'],
      [`ml_00000000_${'A'.repeat(43)}`, 'auth.token-invalid'],
    ];
    for (const [token, code] of cases) {
      const response = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer(token) });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ status: 401, code });
    }
    const basic = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: { authorization: 'Basic YW5hOnB3' } });
    expect(basic.json().code).toBe('auth.token-invalid');
    // a bad bearer token is not rescued by a good cookie
    const both = await app.inject({ method: 'GET', url: '/api/v1/auth/tokens', headers: bearer('garbage'), cookies: anaIn.cookies });
    expect(both.statusCode).toBe(401);
  });

  it('checks the expiry and name of a new token with pointers', async () => {
    const response = await create(anaIn, { name: '  ', expiresAt: '2001-01-01T00:00:00Z' });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/name', '/expiresAt']);
  });

  it("needs manageUsers for another user's tokens", async () => {
    const bob = await createTestUser(database, 'bob');
    const denied = await create(anaIn, { name: 'for bob', userId: bob.id });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toMatchObject({ code: 'auth.forbidden', detail: 'This needs the platform permission "manageUsers".' });
    expect((await app.inject({ method: 'GET', url: `/api/v1/auth/tokens?userId=${bob.id}`, cookies: anaIn.cookies })).statusCode).toBe(403);
    const forBob = await create(admin, { name: 'for bob', userId: bob.id });
    expect(forBob.statusCode).toBe(201);
    expect(forBob.json().userId).toBe(bob.id);
    const listed = await app.inject({ method: 'GET', url: `/api/v1/auth/tokens?userId=${bob.id}`, cookies: admin.cookies });
    expect(listed.json().tokens).toHaveLength(1);
    const anaRevokes = await app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${forBob.json().id}`, cookies: anaIn.cookies, headers: { 'x-csrf-token': anaIn.csrfToken } });
    expect(anaRevokes.statusCode).toBe(403);
    const unknown = await app.inject({ method: 'DELETE', url: '/api/v1/auth/tokens/00000000-0000-0000-0000-000000000000', cookies: admin.cookies, headers: { 'x-csrf-token': admin.csrfToken } });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('auth.token-not-found');
  });

  it('writes the audit log', async () => {
    const rows = await database.rows<{ action: string }>(sql`select distinct action from audit_log order by action`);
    expect(rows.map((r) => r.action)).toEqual(['auth.login', 'auth.token-created', 'auth.token-revoked']);
  });
});
