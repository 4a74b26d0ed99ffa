import type { FastifyInstance } from 'fastify';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, orgUnits, roleAssignments, testEngine, users, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';

describe(`org routes under /api/v1/org (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let manager: SignedIn;
  let analyst: SignedIn;
  let integrator: Record<string, string>;
  const units: Record<string, string> = {};

  const unitCount = async () => database.db.$count(orgUnits);
  const unitByCode = async (code: string) => (await database.db.select().from(orgUnits).where(eq(orgUnits.code, code)))[0];
  const withCsrf = (signedIn: SignedIn) => ({ cookies: signedIn.cookies, headers: { 'x-csrf-token': signedIn.csrfToken } });

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    manager = await signIn(app, await createTestUser(database, 'hr', { permissions: ['manageUsers'] }));
    analyst = await signIn(app, await createTestUser(database, 'analyst', { permissions: ['editDrafts'] }));
    const root = await signIn(app, await createTestUser(database, 'root', { permissions: ['admin'] }));
    const token = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', ...withCsrf(root), payload: { name: 'hr sync' } });
    integrator = { authorization: `Bearer ${token.json().token}` };
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('creates units with manageUsers (201), and refuses callers without it with 403', async () => {
    for (const [code, parent] of [['company', undefined], ['hq', 'company'], ['east', 'company']] as const) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/org/units',
        ...withCsrf(manager),
        payload: { code, name: { en: code.toUpperCase() }, ...(parent ? { parentId: units[parent] } : {}) },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ code, parentId: parent ? units[parent] : null, retiredAt: null });
      units[code] = created.json().id;
    }
    const refused = await app.inject({ method: 'POST', url: '/api/v1/org/units', ...withCsrf(analyst), payload: { code: 'south', name: { en: 'South' } } });
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'auth.forbidden']);
    const invalid = await app.inject({ method: 'POST', url: '/api/v1/org/units', ...withCsrf(manager), payload: { code: 'no spaces', name: { en: ' ' } } });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/code', '/name/en']);
    const malformed = await app.inject({ method: 'POST', url: '/api/v1/org/units', ...withCsrf(manager), payload: { code: 'south' } });
    expect([malformed.statusCode, malformed.json().errors[0].pointer]).toEqual([400, '/name']);
    expect(await unitCount()).toBe(3);
  });

  it('lets every signed-in caller read the tree', async () => {
    const tree = await app.inject({ method: 'GET', url: '/api/v1/org/units', cookies: analyst.cookies });
    expect(tree.statusCode).toBe(200);
    expect(tree.json().units).toMatchObject([{ code: 'company', children: [{ code: 'east' }, { code: 'hq' }] }]);
    const subtree = await app.inject({ method: 'GET', url: `/api/v1/org/units?rootId=${units.east}`, cookies: analyst.cookies });
    expect(subtree.json().units.map((u: { code: string }) => u.code)).toEqual(['east']);
  });

  it('renames and moves a unit with PATCH, refusing cycles', async () => {
    const renamed = await app.inject({ method: 'PATCH', url: `/api/v1/org/units/${units.east}`, ...withCsrf(manager), payload: { name: { en: 'East Region', 'zh-CN': '华东区' } } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ moved: 0, unit: { code: 'east', name: { en: 'East Region', 'zh-CN': '华东区' } } });

    const moved = await app.inject({ method: 'PATCH', url: `/api/v1/org/units/${units.east}`, headers: integrator, payload: { parentId: units.hq } });
    expect(moved.json()).toMatchObject({ moved: 1, unit: { parentId: units.hq } });
    expect((await unitByCode('east'))!.path).toBe(`/${units.company}/${units.hq}/${units.east}/`);

    const cycle = await app.inject({ method: 'PATCH', url: `/api/v1/org/units/${units.company}`, headers: integrator, payload: { parentId: units.east } });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json()).toMatchObject({ code: 'org.unit.cycle', errors: [{ pointer: '/parentId' }] });

    const back = await app.inject({ method: 'PATCH', url: `/api/v1/org/units/${units.east}`, headers: integrator, payload: { parentId: units.company, name: { en: 'East' } } });
    expect(back.json()).toMatchObject({ moved: 1, unit: { parentId: units.company, name: { en: 'East' } } });
    expect((await unitByCode('east'))!.name).toEqual({ en: 'East' });
    expect((await app.inject({ method: 'PATCH', url: `/api/v1/org/units/${units.east}`, headers: integrator, payload: {} })).statusCode).toBe(400);
  });

  it('retires a unit only when nothing depends on it', async () => {
    const inUse = await app.inject({ method: 'POST', url: `/api/v1/org/units/${units.company}/retire`, headers: integrator });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json()).toMatchObject({ code: 'org.unit.in-use', children: 2 });
    const temp = (await app.inject({ method: 'POST', url: '/api/v1/org/units', headers: integrator, payload: { code: 'temp', name: { en: 'Temp' } } })).json();
    const retired = await app.inject({ method: 'POST', url: `/api/v1/org/units/${temp.id}/retire`, headers: integrator });
    expect(retired.statusCode).toBe(200);
    expect((await unitByCode('temp'))!.retiredAt).not.toBeNull();
    const changeRetired = await app.inject({ method: 'PATCH', url: `/api/v1/org/units/${temp.id}`, headers: integrator, payload: { name: { en: 'Again' } } });
    expect([changeRetired.statusCode, changeRetired.json().code]).toEqual([409, 'org.unit.retired']);
    const live = await app.inject({ method: 'GET', url: '/api/v1/org/units', headers: integrator });
    expect(live.json().units.map((u: { code: string }) => u.code)).toEqual(['company']);
    const all = await app.inject({ method: 'GET', url: '/api/v1/org/units?includeRetired=true', headers: integrator });
    expect(all.json().units.map((u: { code: string }) => u.code)).toEqual(['company', 'temp']);
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/org/units/00000000-0000-4000-8000-000000000000/retire', headers: integrator });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'org.unit.unknown']);
  });

  it('checks a unit CSV in a dry run: a bad row is reported with row and column, and nothing is written', async () => {
    const before = await unitCount();
    const csv = 'code,parent_code,name_en,name_zh\nsouth,company,South Region,华南区\natlantis-1,atlantis,Atlantis,\n';
    const response = await app.inject({ method: 'POST', url: '/api/v1/org/units/import?dryRun=true', headers: { ...integrator, 'content-type': 'text/csv' }, payload: csv });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'org.import.invalid',
      dryRun: true,
      errors: [{ row: 3, column: 'parent_code', code: 'org.unit.unknown', message: expect.stringContaining('atlantis') }],
    });
    expect(await unitCount()).toBe(before);
    expect(await unitByCode('south')).toBeUndefined();
  });

  it('imports units from CSV, as text/csv or JSON, with a dry run that writes nothing', async () => {
    const before = await unitCount();
    const csv = 'code,parent_code,name_en,name_zh\nsouth-1,south,South team 1,华南一组\nsouth,company,South Region,华南区\n';
    const dry = await app.inject({ method: 'POST', url: '/api/v1/org/units/import?dryRun=true', headers: { ...integrator, 'content-type': 'text/csv; charset=utf-8' }, payload: csv });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toEqual({ ok: true, dryRun: true, created: 2, updated: 0, unchanged: 0, errors: [] });
    expect(await unitCount()).toBe(before);

    const done = await app.inject({ method: 'POST', url: '/api/v1/org/units/import', headers: integrator, payload: { csv } });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ ok: true, dryRun: false, created: 2 });
    expect(await unitCount()).toBe(before + 2);
    expect((await unitByCode('south-1'))!.parentId).toBe((await unitByCode('south'))!.id);

    const again = await app.inject({ method: 'POST', url: '/api/v1/org/units/import', headers: { ...integrator, 'content-type': 'text/plain' }, payload: csv });
    expect(again.json()).toMatchObject({ ok: true, created: 0, unchanged: 2 });
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/org/units/import', headers: { ...integrator, 'content-type': 'application/xml' }, payload: '<csv/>' });
    expect([wrongType.statusCode, wrongType.json().code]).toEqual([415, 'request.unsupported-media-type']);
    const noManager = await app.inject({ method: 'POST', url: '/api/v1/org/units/import', ...withCsrf(analyst), payload: { csv } });
    expect(noManager.statusCode).toBe(403);
  });

  it('imports users with roles of the configuration in force', async () => {
    const csv = 'username,display_name,email,locale,org_unit_code,roles,password\nli.na,Li Na,li.na@example.com,zh-CN,east,salesRep@east,Initial-Pass-2024\n';
    const noRoles = await app.inject({ method: 'POST', url: '/api/v1/org/users/import?dryRun=true', headers: integrator, payload: { csv } });
    expect(noRoles.json()).toMatchObject({ code: 'org.import.invalid', errors: [{ row: 2, column: 'roles', code: 'org.role.unknown-role' }] });

    const published = await app.inject({ method: 'POST', url: '/api/v1/config/versions', headers: integrator, payload: { package: loadTemplate('main-line') } });
    expect(published.statusCode).toBe(201);
    const imported = await app.inject({ method: 'POST', url: '/api/v1/org/users/import', headers: { ...integrator, 'content-type': 'text/csv' }, payload: csv });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toMatchObject({ ok: true, created: 1 });
    const [user] = await database.db.select().from(users).where(eq(users.username, 'li.na'));
    expect(user).toMatchObject({ displayName: 'Li Na', locale: 'zh-CN', orgUnitId: units.east, mustChangePassword: true });
    const held = await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, user!.id));
    expect(held.map((a) => [a.roleId, a.orgUnitId])).toEqual([['salesRep', units.east]]);
  });

  it('assigns and unassigns roles', async () => {
    const [user] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, 'li.na'));
    const assignment = { userId: user!.id, roleId: 'salesManager', orgUnitId: units.company };
    const created = await app.inject({ method: 'POST', url: '/api/v1/org/role-assignments', ...withCsrf(manager), payload: assignment });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ created: true, assignment: { ...assignment, retiredAt: null } });
    const again = await app.inject({ method: 'POST', url: '/api/v1/org/role-assignments', ...withCsrf(manager), payload: assignment });
    expect([again.statusCode, again.json().created, again.json().assignment.id]).toEqual([200, false, created.json().assignment.id]);
    const unknownRole = await app.inject({ method: 'POST', url: '/api/v1/org/role-assignments', ...withCsrf(manager), payload: { ...assignment, roleId: 'pirate' } });
    expect(unknownRole.json()).toMatchObject({ status: 422, code: 'org.role.unknown-role', errors: [{ pointer: '/roleId' }] });

    const removed = await app.inject({ method: 'DELETE', url: `/api/v1/org/role-assignments/${created.json().assignment.id}`, ...withCsrf(manager) });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().retiredAt).not.toBeNull();
    const live = await database.db.select().from(roleAssignments).where(and(eq(roleAssignments.userId, user!.id), isNull(roleAssignments.retiredAt)));
    expect(live.map((a) => a.roleId)).toEqual(['salesRep']);
  });

  it('explains a user\'s access to analysts and admins over REST and tRPC, to nobody else', async () => {
    const url = '/api/v1/access/explain?user=li.na&object=opportunity';
    const explained = await app.inject({ method: 'GET', url, cookies: analyst.cookies });
    expect(explained.statusCode).toBe(200);
    expect(explained.json()).toMatchObject({ user: { username: 'li.na' }, object: 'opportunity', roles: [{ roleId: 'salesRep', orgUnitId: units.east }] });
    expect(explained.json().actions.map((a: { action: string }) => a.action)).toEqual(['create', 'read', 'update', 'delete', 'export', 'import', 'transfer']);
    const plain = await signIn(app, await createTestUser(database, 'plain'));
    expect((await app.inject({ method: 'GET', url, cookies: plain.cookies })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/v1/access/explain?object=opportunity', cookies: analyst.cookies })).statusCode).toBe(400);
    const input = encodeURIComponent(JSON.stringify({ user: 'li.na', object: 'opportunity' }));
    const viaTrpc = await app.inject({ method: 'GET', url: `/trpc/access.explain?input=${input}`, cookies: analyst.cookies });
    expect(viaTrpc.statusCode).toBe(200);
    expect(viaTrpc.json().result.data).toEqual(explained.json());
  });

  it('refuses cookie writes without the CSRF token, and takes token writes without one', async () => {
    const before = await unitCount();
    const cookieOnly = await app.inject({ method: 'POST', url: '/api/v1/org/units', cookies: manager.cookies, payload: { code: 'north', name: { en: 'North' } } });
    expect([cookieOnly.statusCode, cookieOnly.json().code]).toEqual([403, 'auth.csrf']);
    const importWithoutCsrf = await app.inject({ method: 'POST', url: '/api/v1/org/units/import', cookies: manager.cookies, payload: { csv: 'code,parent_code,name_en,name_zh\nnorth,,North,\n' } });
    expect([importWithoutCsrf.statusCode, importWithoutCsrf.json().code]).toEqual([403, 'auth.csrf']);
    expect(await unitCount()).toBe(before);
    const byToken = await app.inject({ method: 'POST', url: '/api/v1/org/units', headers: integrator, payload: { code: 'north', name: { en: 'North' } } });
    expect(byToken.statusCode).toBe(201);
    expect(await unitCount()).toBe(before + 1);
  });
});
