import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor } from '../context.ts';
import { publish } from '../operations/config/publish.ts';
import { withFullAccess, withFullAccessRole } from '../testing/access-fixtures.ts';
import { createApiToken } from '../operations/auth/create-api-token.ts';
import { createTestUser } from '../testing/auth-fixtures.ts';
import { createServer } from './create-server.ts';

// Regressions found by test/records-api-fuzz.int.test.ts: invalid UTF-8 in a JSON body was stored
// as U+FFFD (201), U+0000 in a filter string was a 500, and a path that does not decode answered
// plain JSON instead of a problem document.
describe(`strict request text (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let token: string;
  const api = (method: 'GET' | 'POST', url: string, payload?: string | Buffer) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    const cli = { database, actor: cliActor('test') };
    await publish(cli, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    const user = await withFullAccess(database, await createTestUser(database, 'rep'));
    token = (await createApiToken(cli, { name: 'strict text', userId: user.id })).token;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('refuses a JSON body that is not UTF-8 (400 request.invalid-text), and one with U+0000', async () => {
    const bad = await api('POST', '/records/account', Buffer.concat([Buffer.from('{"name":"Acme'), Buffer.from([0xff]), Buffer.from('"}')]));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'request.invalid-text' });
    expect((await api('POST', '/records/account', '{"name":"Ac\\u0000me"}')).json()).toMatchObject({ status: 400, code: 'request.invalid-text' });
    expect((await api('POST', '/records/account', '{"name":"Acme ✓ 华为"}')).statusCode).toBe(201);
    expect((await api('POST', '/records/account', '{"name":"x","__proto__":{}}')).json()).toMatchObject({ code: 'request.invalid-json' });
  });

  it('refuses query strings that are not UTF-8 or hold U+0000, and paths that do not decode, as problems', async () => {
    expect((await api('GET', '/search?q=acme%FF')).json()).toMatchObject({ status: 400, code: 'request.invalid-text' });
    expect((await api('GET', '/search?q=acme%00')).json()).toMatchObject({ status: 400, code: 'request.invalid-text' });
    const path = await api('GET', '/records/%FF');
    expect(path.statusCode).toBe(400);
    expect(path.headers['content-type']).toContain('application/problem+json');
    expect(path.json()).toMatchObject({ code: 'request.invalid-url' });
    expect((await api('GET', '/search?q=%E5%8D%8E%E4%B8%BA+acme')).statusCode).toBe(200);
  });

  it('answers 422 for U+0000 inside a CEL string of a filter (was a 500 from PostgreSQL)', async () => {
    const response = await api('GET', `/records/account?filter=${encodeURIComponent('name == "a\\u0000b"')}`);
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'records.filter.invalid', errors: [{ pointer: '/filter' }] });
  });
});
