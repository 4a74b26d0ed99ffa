import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { openApiProblems } from '../../testing/openapi-validator.ts';
import { createServer } from '../create-server.ts';

type Doc = { info: { title: string; version: string }; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };

describe(`GET /api/v1/openapi.json (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ana: SignedIn;
  let ctx: OperationContext;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    ana = await signIn(app, await createTestUser(database, 'ana'));
    ctx = { database, actor: cliActor('test') };
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const get = (headers: Record<string, string> = {}, cookies?: Record<string, string>) => app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers, ...(cookies ? { cookies } : {}) });
  const versionServed = async (): Promise<string | null> => {
    const response = await get({}, ana.cookies);
    return response.statusCode === 200 ? (response.json() as Doc).info.version : null;
  };

  it('answers 401 to an anonymous caller', async () => {
    const response = await get();
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'auth.unauthenticated' });
  });

  it('answers 409 records.no-configuration before anything is published', async () => {
    const response = await get({}, ana.cookies);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 409, code: 'records.no-configuration', errors: [] });
  });

  it('serves a valid OpenAPI 3.1 document of the version in force, to sessions and API tokens alike', async () => {
    const pkg = loadTemplate('complex-sales');
    const published = await publish(ctx, { package: pkg, message: 'v1' });
    await expect.poll(versionServed, { timeout: 10_000 }).toBe(String(published.versionId));

    const response = await get({}, ana.cookies);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    const doc = response.json() as Doc;
    expect(openApiProblems(doc as unknown as Record<string, unknown>)).toEqual([]);
    expect(doc.info.title).toBe(`${pkg.name.en} (${pkg.name['zh-CN']})`);
    expect(doc.paths).toHaveProperty(['/records/opportunity']);
    expect(doc.components.schemas).toHaveProperty('OpportunityCreate');

    const created = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies: ana.cookies, headers: { 'x-csrf-token': ana.csrfToken }, payload: { name: 'openapi' } });
    expect(created.statusCode).toBe(201);
    const viaToken = await get({ authorization: `Bearer ${(created.json() as { token: string }).token}` });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json()).toEqual(doc);
  });

  it('follows a new publish: the document of the new version, with its changes', async () => {
    const next = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
    next.objects.push({ id: 'visit', label: { en: 'Visit', 'zh-CN': '拜访' }, titleField: 'subject', fields: [{ id: 'subject', type: 'text', label: { en: 'Subject', 'zh-CN': '主题' }, required: true }] });
    const published = await publish(ctx, { package: next, message: 'v2: visits' });
    expect(published.versionId).not.toBeNull();
    await expect.poll(versionServed, { timeout: 10_000 }).toBe(String(published.versionId));
    const doc = (await get({}, ana.cookies)).json() as Doc;
    expect(doc.paths).toHaveProperty(['/records/visit']);
    expect(doc.components.schemas).toHaveProperty('VisitCreate');
    expect(openApiProblems(doc as unknown as Record<string, unknown>)).toEqual([]);
  });
});
