import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, orgUnits, testEngine, type TestDatabase } from '@mainline/db';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';

describe(`admin user routes (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let unitId: string;
  let manager: SignedIn;
  let plain: SignedIn;
  let managerToken: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    const [unit] = await database.db.insert(orgUnits).values({ code: 'hq', name: { en: 'HQ' }, path: '/hq/' }).returning({ id: orgUnits.id });
    unitId = unit?.id ?? '';
    manager = await signIn(app, await createTestUser(database, 'manager', { permissions: ['manageUsers', 'editDrafts', 'publish'] }));
    plain = await signIn(app, await createTestUser(database, 'plain', { permissions: ['editDrafts'] }));
    managerToken = (
      await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies: manager.cookies, headers: { 'x-csrf-token': manager.csrfToken }, payload: { name: 'admin script' } })
    ).json().token;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const newUser = { username: 'li.na', displayName: 'Li Na', password: 'a long first password', permissions: ['editDrafts'] };

  it('refuses users without manageUsers with 403 auth.forbidden', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/admin/users', cookies: plain.cookies });
    expect(list.statusCode).toBe(403);
    expect(list.json()).toMatchObject({ code: 'auth.forbidden', detail: 'This needs the platform permission "manageUsers".' });
    const create = await app.inject({ method: 'POST', url: '/api/v1/admin/users', cookies: plain.cookies, headers: { 'x-csrf-token': plain.csrfToken }, payload: { ...newUser, orgUnitId: unitId } });
    expect(create.statusCode).toBe(403);
  });

  it('lets a user manager create a user who must change the password at first sign-in, by session and by token', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/v1/admin/users', cookies: manager.cookies, headers: { 'x-csrf-token': manager.csrfToken }, payload: { ...newUser, orgUnitId: unitId } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'li.na', permissions: ['editDrafts'], mustChangePassword: true });
    const first = await signIn(app, { username: 'li.na', password: newUser.password });
    expect((await app.inject({ method: 'GET', url: '/api/v1/admin/users', cookies: first.cookies })).json().code).toBe('auth.password-change-required');
    const byToken = await app.inject({ method: 'GET', url: '/api/v1/admin/users?search=li.&limit=10', headers: { authorization: `Bearer ${managerToken}` } });
    expect(byToken.statusCode).toBe(200);
    expect(byToken.json().users.map((u: { username: string }) => u.username)).toEqual(['li.na']);
  });

  it('validates bodies before the operation runs', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/admin/users',
      headers: { authorization: `Bearer ${managerToken}` },
      payload: { ...newUser, orgUnitId: 'nope', permissions: ['root'] },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/orgUnitId', '/permissions/0']));
  });

  it('sets permissions and disables a user, whose session then ends', async () => {
    const target = await createTestUser(database, 'target');
    const targetIn = await signIn(app, target);
    const auth = { authorization: `Bearer ${managerToken}` };
    const permissions = await app.inject({ method: 'PUT', url: `/api/v1/admin/users/${target.id}/permissions`, headers: auth, payload: { permissions: ['publish'] } });
    expect(permissions.statusCode).toBe(200);
    expect(permissions.json().permissions).toEqual(['publish']);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: targetIn.cookies })).json().user.permissions).toEqual(['publish']);
    const disabled = await app.inject({ method: 'POST', url: `/api/v1/admin/users/${target.id}/disable`, headers: auth });
    expect(disabled.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/auth/session', cookies: targetIn.cookies })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `/api/v1/admin/users/${target.id}/enable`, headers: auth })).statusCode).toBe(200);
    expect((await signIn(app, target)).response.statusCode).toBe(200);
  });
});
