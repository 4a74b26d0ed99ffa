import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { createServer } from '../create-server.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { insertOrgUnit, type TestOrgUnit } from '../../testing/org-fixtures.ts';

const label = (en: string) => ({ en, 'zh-CN': en });

/** The main-line template with extra text fields on `lead`. */
function withLeadFields(pkg: ConfigPackage, ...ids: string[]): ConfigPackage {
  const next = structuredClone(pkg);
  const lead = next.objects.find((o) => o.id === 'lead')!;
  lead.fields.push(...ids.map((id) => ({ id, type: 'text' as const, label: label(id) })));
  return next;
}

describe(`config routes under /api/v1/config (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let admin: SignedIn;
  let editor: SignedIn;
  let nobody: SignedIn;
  let integrator: Record<string, string>;
  let hq: TestOrgUnit;
  let east: TestOrgUnit;
  const v1 = loadTemplate('main-line');
  const v2 = withLeadFields(v1, 'sourceDetail');

  const versionCount = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM config_versions`))[0]!.n;
  const assignments = async () =>
    Object.fromEntries((await database.rows<{ unit_key: string; version_id: number }>(sql`SELECT unit_key, version_id FROM rollout_assignments`)).map((r) => [r.unit_key, r.version_id]));
  const leadColumns = async () =>
    (await database.rows<{ column_name: string }>(sql`SELECT column_name FROM information_schema.columns WHERE table_schema = 'rec' AND table_name = 'lead'`)).map((r) => r.column_name);
  const asAdmin = (signedIn = admin) => ({ cookies: signedIn.cookies, headers: { 'x-csrf-token': signedIn.csrfToken } });

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    const company = await insertOrgUnit(database, 'company');
    hq = await insertOrgUnit(database, 'hq', company);
    east = await insertOrgUnit(database, 'east', company);
    admin = await signIn(app, await createTestUser(database, 'root', { permissions: ['admin'] }));
    editor = await signIn(app, await createTestUser(database, 'analyst', { permissions: ['editDrafts'] }));
    nobody = await signIn(app, await createTestUser(database, 'clerk'));
    const token = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', ...asAdmin(), payload: { name: 'release pipeline' } });
    integrator = { authorization: `Bearer ${token.json().token}` };
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('refuses to publish for a user without the publish permission, and writes nothing', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/config/versions', ...asAdmin(editor), payload: { package: v1 } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'auth.forbidden', detail: 'This needs the platform permission "publish".' });
    expect((await app.inject({ method: 'POST', url: '/api/v1/config/plan', ...asAdmin(editor), payload: { package: v1 } })).statusCode).toBe(403);
    expect(await versionCount()).toBe(0);
  });

  it('answers an invalid package with 422, the diagnostics at their pointers, and writes nothing', async () => {
    const broken = structuredClone(v1);
    broken.objects[0]!.titleField = 'missing';
    const response = await app.inject({ method: 'POST', url: '/api/v1/config/versions', headers: integrator, payload: { package: broken } });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ code: 'config.package.invalid', status: 422 });
    expect(problem.errors).toContainEqual(expect.objectContaining({ pointer: '/objects/0/titleField' }));
    expect(problem.diagnostics).toContainEqual(expect.objectContaining({ path: '/objects/0/titleField', severity: 'error', message: expect.objectContaining({ 'zh-CN': expect.any(String) }) }));
    expect(await versionCount()).toBe(0);
    expect(await leadColumns()).toEqual([]);
  });

  it('refuses a malformed request body with 400 before any operation runs', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/config/versions', headers: integrator, payload: { package: v1, to: { units: ['east'] }, extra: 1 } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { pointer: string }) => e.pointer)).toEqual(expect.arrayContaining(['/extra', '/to/units/0']));
  });

  it('plans, then publishes the main-line template as an admin: 201 with Location, the record tables exist', async () => {
    const plan = await app.inject({ method: 'POST', url: '/api/v1/config/plan', ...asAdmin(), payload: { package: v1 } });
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toMatchObject({ canPublish: true, check: { ok: true }, plan: { kind: 'publish', stateToken: expect.any(String) } });
    expect(await versionCount()).toBe(0);

    const published = await app.inject({
      method: 'POST',
      url: '/api/v1/config/versions',
      ...asAdmin(),
      payload: { package: v1, message: 'main line', expectedStateToken: plan.json().plan.stateToken },
    });
    expect(published.statusCode).toBe(201);
    expect(published.headers.location).toBe('/api/v1/config/versions/1');
    expect(published.json()).toMatchObject({ applied: true, versionId: 1, assignments: { '*': 1 } });
    expect(await assignments()).toEqual({ '*': 1 });
    expect(await leadColumns()).toContain('id');

    const again = await app.inject({ method: 'POST', url: '/api/v1/config/versions', ...asAdmin(), payload: { package: v1 } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ applied: false, versionId: null, message: { en: expect.stringContaining('identical to version 1') } });
    expect(await versionCount()).toBe(1);
  });

  it('refuses a publish whose plan went stale with 409, publishing nothing', async () => {
    const plan = await app.inject({ method: 'POST', url: '/api/v1/config/plan', headers: integrator, payload: { package: v2 } });
    expect(plan.json().canPublish).toBe(true);
    const extended = await app.inject({ method: 'POST', url: `/api/v1/config/versions/1/rollout`, headers: integrator, payload: { units: [hq.id] } });
    expect(extended.statusCode).toBe(200);
    const stale = await app.inject({ method: 'POST', url: '/api/v1/config/versions', headers: integrator, payload: { package: v2, expectedStateToken: plan.json().plan.stateToken } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'config.publish.stale-plan' });
    expect(await versionCount()).toBe(1);
    expect(await leadColumns()).not.toContain('sourceDetail');
  });

  it('pilots a version in one unit, extends it to another (dry run first), then promotes it', async () => {
    const pilot = await app.inject({ method: 'POST', url: '/api/v1/config/versions', headers: integrator, payload: { package: v2, to: { units: [hq.id] }, message: 'pilot' } });
    expect(pilot.statusCode).toBe(201);
    expect(pilot.json()).toMatchObject({ versionId: 2, assignments: { '*': 1, [hq.id]: 2 } });
    expect(await leadColumns()).toContain('sourceDetail');

    const dry = await app.inject({ method: 'POST', url: '/api/v1/config/versions/2/rollout?dryRun=true', headers: integrator, payload: { units: [east.id] } });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ plan: { kind: 'extend', assignments: { after: { '*': 1, [hq.id]: 2, [east.id]: 2 } } } });
    expect(await assignments()).toEqual({ '*': 1, [hq.id]: 2 });

    const extended = await app.inject({ method: 'POST', url: '/api/v1/config/versions/2/rollout', headers: integrator, payload: { units: [east.id] } });
    expect(extended.json()).toMatchObject({ applied: true });
    expect(await assignments()).toEqual({ '*': 1, [hq.id]: 2, [east.id]: 2 });

    const promoted = await app.inject({ method: 'POST', url: '/api/v1/config/versions/2/promote', headers: integrator });
    expect(promoted.statusCode).toBe(200);
    expect(promoted.json()).toMatchObject({ applied: true, assignments: { '*': 2 } });
    expect(await assignments()).toEqual({ '*': 2 });

    const unknown = await app.inject({ method: 'POST', url: '/api/v1/config/versions/99/promote', headers: integrator });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'config.rollout.unknown-version']);
  });

  it('rolls the promotion back', async () => {
    const dry = await app.inject({ method: 'POST', url: '/api/v1/config/rollback?dryRun=true', ...asAdmin() });
    expect(dry.json()).toMatchObject({ plan: { kind: 'rollback' } });
    expect(await assignments()).toEqual({ '*': 2 });
    const rolledBack = await app.inject({ method: 'POST', url: '/api/v1/config/rollback', ...asAdmin() });
    expect(rolledBack.statusCode).toBe(200);
    expect(rolledBack.json()).toMatchObject({ applied: true, assignments: { '*': 1, [hq.id]: 2, [east.id]: 2 } });
    expect(await assignments()).toEqual({ '*': 1, [hq.id]: 2, [east.id]: 2 });
  });

  it('lists, reads and diffs versions for editors and publishers, not for users without either', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/v1/config/versions', cookies: editor.cookies });
    expect(list.statusCode).toBe(200);
    expect(list.json().versions.map((v: { id: number; message: string; inForce: unknown }) => [v.id, v.message, v.inForce])).toEqual([
      [2, 'pilot', { organisation: false, units: expect.arrayContaining([hq.id, east.id]) }],
      [1, 'main line', { organisation: true, units: [] }],
    ]);

    const one = await app.inject({ method: 'GET', url: '/api/v1/config/versions/2', cookies: editor.cookies });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ id: 2, parentId: 1, message: 'pilot', package: { id: v2.id } });
    expect(one.json().package).toEqual(v2);

    const diff = await app.inject({ method: 'GET', url: '/api/v1/config/versions/2/diff', headers: integrator });
    expect(diff.statusCode).toBe(200);
    expect(diff.json()).toMatchObject({ from: 1, to: 2 });
    const lead = diff.json().changes.objects.find((o: { objectId: string }) => o.objectId === 'lead');
    expect(lead.fields).toContainEqual(expect.objectContaining({ fieldId: 'sourceDetail', change: 'added' }));

    const backwards = await app.inject({ method: 'GET', url: '/api/v1/config/versions/1/diff/2', headers: integrator });
    expect(backwards.json()).toMatchObject({ from: 2, to: 1 });
    expect(backwards.json().changes.objects.find((o: { objectId: string }) => o.objectId === 'lead').fields).toContainEqual(
      expect.objectContaining({ fieldId: 'sourceDetail', change: 'retired' }),
    );

    expect((await app.inject({ method: 'GET', url: '/api/v1/config/versions/7', headers: integrator })).json()).toMatchObject({ status: 404, code: 'config.version.unknown' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/config/versions/first', headers: integrator })).statusCode).toBe(400);
    for (const url of ['/api/v1/config/versions', '/api/v1/config/versions/1', '/api/v1/config/versions/2/diff']) {
      const refused = await app.inject({ method: 'GET', url, cookies: nobody.cookies });
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'auth.forbidden']);
    }
  });

  it('purges a retired field only when confirmed, showing what would be lost first', async () => {
    const promoted = await app.inject({ method: 'POST', url: '/api/v1/config/versions/1/promote', headers: integrator });
    expect(promoted.json().assignments).toEqual({ '*': 1 });
    expect(await leadColumns()).toContain('sourceDetail');

    const asked = await app.inject({ method: 'POST', url: '/api/v1/config/purge', headers: integrator, payload: { object: 'lead', field: 'sourceDetail' } });
    expect(asked.statusCode).toBe(409);
    expect(asked.json()).toMatchObject({ code: 'config.purge.confirmation-required', preview: { kind: 'columns', columns: ['sourceDetail'], values: 0 } });
    const declined = await app.inject({ method: 'POST', url: '/api/v1/config/purge', headers: integrator, payload: { object: 'lead', field: 'sourceDetail', confirm: false } });
    expect(declined.json().code).toBe('config.purge.confirmation-required');
    expect(await leadColumns()).toContain('sourceDetail');

    const purged = await app.inject({ method: 'POST', url: '/api/v1/config/purge', headers: integrator, payload: { object: 'lead', field: 'sourceDetail', confirm: true } });
    expect(purged.statusCode).toBe(200);
    expect(purged.json()).toMatchObject({ columns: ['sourceDetail'] });
    expect(await leadColumns()).not.toContain('sourceDetail');
    const inForce = await app.inject({ method: 'POST', url: '/api/v1/config/purge', headers: integrator, payload: { object: 'lead', confirm: true } });
    expect([inForce.statusCode, inForce.json().code]).toEqual([409, 'config.purge.in-force']);
  });

  it('takes writes from an integrator token without CSRF token, and refuses cookie writes without it', async () => {
    const before = await assignments();
    const cookieOnly = await app.inject({ method: 'POST', url: '/api/v1/config/rollback', cookies: admin.cookies });
    expect([cookieOnly.statusCode, cookieOnly.json().code]).toEqual([403, 'auth.csrf']);
    const wrongToken = await app.inject({ method: 'POST', url: '/api/v1/config/versions/2/promote', cookies: admin.cookies, headers: { 'x-csrf-token': editor.csrfToken } });
    expect([wrongToken.statusCode, wrongToken.json().code]).toEqual([403, 'auth.csrf']);
    expect(await assignments()).toEqual(before);

    const byToken = await app.inject({ method: 'POST', url: '/api/v1/config/versions/2/promote', headers: integrator });
    expect(byToken.statusCode).toBe(200);
    expect(await assignments()).toEqual({ '*': 2 });
  });

  it('answers anonymous callers with 401', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/config/versions' });
    expect([response.statusCode, response.json().code]).toEqual([401, 'auth.unauthenticated']);
  });
});
