import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, orgUnits, roleAssignments, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';

describe(`tRPC config.* and org.* (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedIn;
  let editor: SignedIn;
  let adminId: string;
  const template = loadTemplate('main-line');

  const mutate = (path: string, input: unknown, signedIn: SignedIn, csrf = true) =>
    app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      cookies: signedIn.cookies,
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': signedIn.csrfToken } : {}) },
      payload: JSON.stringify(input),
    });
  const query = (path: string, input: unknown, signedIn: SignedIn) =>
    app.inject({ method: 'GET', url: `/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, cookies: signedIn.cookies });
  const versionCount = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM config_versions`))[0]!.n;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    const root = await createTestUser(database, 'root', { permissions: ['admin'] });
    adminId = root.id;
    admin = await signIn(app, root);
    editor = await signIn(app, await createTestUser(database, 'analyst', { permissions: ['editDrafts'] }));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('plans and publishes for publishers; editors get 403 and nothing is written', async () => {
    const refused = await mutate('config.publish', { package: template }, editor);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.data.problem).toMatchObject({ code: 'auth.forbidden' });
    expect(await versionCount()).toBe(0);

    const noCsrf = await mutate('config.publish', { package: template }, admin, false);
    expect(noCsrf.json().error.data.problem.code).toBe('auth.csrf');
    expect(await versionCount()).toBe(0);

    const plan = await mutate('config.plan', { package: template }, admin);
    expect(plan.statusCode).toBe(200);
    expect(plan.json().result.data).toMatchObject({ canPublish: true });
    const published = await mutate('config.publish', { package: template, message: 'from the studio', expectedStateToken: plan.json().result.data.plan.stateToken }, admin);
    expect(published.json().result.data).toMatchObject({ applied: true, versionId: 1, assignments: { '*': 1 } });
    expect(await versionCount()).toBe(1);
    await expect.poll(async () => (await query('config.current', undefined, editor)).json().result.data.version?.id, { timeout: 10_000 }).toBe(1);
  });

  it('answers an invalid package with 422 and pointers, and bad input with 400', async () => {
    const broken = structuredClone(template);
    broken.objects[0]!.titleField = 'missing';
    const invalid = await mutate('config.publish', { package: broken }, admin);
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().error.data.problem).toMatchObject({ code: 'config.package.invalid', errors: expect.arrayContaining([expect.objectContaining({ pointer: '/objects/0/titleField' })]) });
    const malformed = await mutate('config.plan', { to: 'everyone' }, admin);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.data.problem.errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/package', '/to']));
    expect(await versionCount()).toBe(1);
  });

  it('takes packages of several megabytes (the studio sends whole packages)', async () => {
    const big = structuredClone(template);
    big.objects[0]!.fields[0]!.helpText = { en: 'x'.repeat(3 * 1024 * 1024) };
    const response = await mutate('config.plan', { package: big }, admin);
    expect(response.statusCode).not.toBe(413);
    expect(response.json().error?.data.problem.code ?? 'planned').toMatch(/^(planned|config\.package\.invalid)$/);
  });

  it('lets editors read versions with queries', async () => {
    const list = await query('config.listVersions', undefined, editor);
    expect(list.statusCode).toBe(200);
    expect(list.json().result.data.versions).toMatchObject([{ id: 1, message: 'from the studio', inForce: { organisation: true } }]);
    const one = await query('config.getVersion', { versionId: 1 }, editor);
    expect(one.json().result.data.package).toEqual(template);
    const diff = await query('config.diffVersions', { to: 1 }, editor);
    expect(diff.json().result.data).toMatchObject({ from: null, to: 1 });
  });

  it('manages the organisation: units, CSV import with a dry run, roles', async () => {
    const company = (await mutate('org.units.create', { code: 'company', name: { en: 'Company' } }, admin)).json().result.data;
    const hq = (await mutate('org.units.create', { code: 'hq', name: { en: 'HQ' }, parentId: company.id }, admin)).json().result.data;
    const tree = await query('org.units.list', {}, editor);
    expect(tree.json().result.data).toMatchObject([{ code: 'company', children: [{ code: 'hq' }] }]);

    const bad = await mutate('org.units.import', { csv: 'code,parent_code,name_en,name_zh\neast,company,,\n', dryRun: true }, admin);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.data.problem).toMatchObject({ code: 'org.import.invalid', dryRun: true, errors: [{ row: 2, column: 'name_en', code: 'org.unit.name-required' }] });
    expect(await database.db.$count(orgUnits)).toBe(2);
    const good = await mutate('org.units.import', { csv: 'code,parent_code,name_en,name_zh\neast,company,East,\n' }, admin);
    expect(good.json().result.data).toMatchObject({ ok: true, created: 1 });
    expect(await database.db.$count(orgUnits)).toBe(3);

    const renamed = await mutate('org.units.update', { unitId: hq.id, name: { en: 'Headquarters' } }, admin);
    expect(renamed.json().result.data.unit.name).toEqual({ en: 'Headquarters' });

    const assigned = await mutate('org.roles.assign', { userId: adminId, roleId: 'salesManager', orgUnitId: company.id }, admin);
    expect(assigned.json().result.data).toMatchObject({ created: true });
    const unassigned = await mutate('org.roles.unassign', { userId: adminId, roleId: 'salesManager', orgUnitId: company.id }, admin);
    expect(unassigned.json().result.data.retiredAt).not.toBeNull();
    expect((await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, adminId)))[0]!.retiredAt).not.toBeNull();

    const forbidden = await mutate('org.units.create', { code: 'south', name: { en: 'South' } }, editor);
    expect(forbidden.json().error.data.problem.code).toBe('auth.forbidden');
  });

  it('pilots, promotes and rolls back', async () => {
    const [hq] = await database.db.select().from(orgUnits).where(eq(orgUnits.code, 'hq'));
    const next = structuredClone(template);
    next.objects[0]!.fields.push({ id: 'pilotNote', type: 'text', label: { en: 'Pilot note', 'zh-CN': '试点备注' } });
    const pilot = await mutate('config.publish', { package: next, to: { units: [hq!.id] } }, admin);
    expect(pilot.json().result.data).toMatchObject({ versionId: 2, assignments: { '*': 1, [hq!.id]: 2 } });
    const dry = await mutate('config.promoteRollout', { versionId: 2, dryRun: true }, admin);
    expect(dry.json().result.data.plan).toMatchObject({ kind: 'promote' });
    expect((await mutate('config.promoteRollout', { versionId: 2 }, admin)).json().result.data.assignments).toEqual({ '*': 2 });
    expect((await mutate('config.rollback', {}, admin)).json().result.data.assignments).toEqual({ '*': 1, [hq!.id]: 2 });
  });
});
