import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, recordTableSql, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { withFullAccess, withFullAccessRole } from '../../testing/access-fixtures.ts';
import { recordTarget } from '../../operations/records/lib/record-target.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { createServer } from '../create-server.ts';

type Json = Record<string, unknown>;

describe(`records over REST on complex sales (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let rep: SignedIn;
  let token: string;

  /** As an integrator: bearer token, no cookie, no CSRF token. */
  const api = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as Json }) });
  /** As a browser: session cookie, with the CSRF token unless told not to. */
  const browser = (method: InjectOptions['method'], url: string, payload?: unknown, csrf = true) =>
    app.inject({ method, url: `/api/v1${url}`, cookies: rep.cookies, headers: csrf ? { 'x-csrf-token': rep.csrfToken } : {}, ...(payload === undefined ? {} : { payload: payload as Json }) });
  const count = async (objectId: string) => {
    const target = await recordTarget({ database, actor: cliActor('test') }, objectId);
    return (await database.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(recordTableSql(target.mapped.table))}`))[0]!.n;
  };
  const opportunity = (account: string, values: Json = {}) => ({ name: 'Deal', account, amount: 1000, closeDate: '2030-06-30', ...values });

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    rep = await signIn(app, await withFullAccess(database, await createTestUser(database, 'rep')));
    const created = await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies: rep.cookies, headers: { 'x-csrf-token': rep.csrfToken }, payload: { name: 'crm sync' } });
    token = created.json().token;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('creates with a bearer token (no CSRF): 201, Location, ETag, the record as stored', async () => {
    const response = await api('POST', '/records/account', { name: 'Acme Token' });
    expect(response.statusCode).toBe(201);
    const account = response.json();
    expect(account).toMatchObject({ name: 'Acme Token', accountType: 'prospect', rowVersion: 1 });
    expect(response.headers.location).toBe(`/api/v1/records/account/${account.id}`);
    expect(response.headers.etag).toBe('"1"');
    const read = await api('GET', `/records/account/${account.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
    expect(read.json()).toMatchObject({ id: account.id, name: 'Acme Token' });
  });

  it('creates with a session cookie only with the CSRF token (403 without, nothing written)', async () => {
    const before = await count('account');
    const refused = await browser('POST', '/records/account', { name: 'Acme Cookie' }, false);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'auth.csrf' });
    expect(await count('account')).toBe(before);
    const created = await browser('POST', '/records/account', { name: 'Acme Cookie' });
    expect(created.statusCode).toBe(201);
    expect(await count('account')).toBe(before + 1);
    expect((await browser('GET', `/records/account/${created.json().id}`, undefined, false)).statusCode).toBe(200);
  });

  it('answers validation problems as problem+json with a pointer per field of the body', async () => {
    const before = await count('opportunity');
    const response = await api('POST', '/records/opportunity', { name: 'x'.repeat(300), amount: 'lots', nonsense: 1 });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem).toMatchObject({ status: 422, code: 'records.invalid', type: 'urn:mainline:problem:records.invalid' });
    const pointers = problem.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/name', '/amount', '/nonsense', '/account']));
    expect(pointers.some((p: string) => p.startsWith('/values'))).toBe(false);
    expect(await count('opportunity')).toBe(before);
    const notObject = await api('POST', '/records/opportunity', [1, 2]);
    expect(notObject.statusCode).toBe(400);
  });

  it('updates with If-Match: 428 without, 409 when stale (nothing changed), ETag after; bare numbers too', async () => {
    const account = (await api('POST', '/records/account', { name: 'Versioned' })).json();
    const url = `/records/account/${account.id}`;
    const missing = await api('PATCH', url, { name: 'No version' });
    expect(missing.statusCode).toBe(428);
    expect(missing.json()).toMatchObject({ status: 428, code: 'records.if-match-required' });

    const changed = await api('PATCH', url, { name: 'Versioned 2' }, { 'if-match': '"1"' });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.json()).toMatchObject({ name: 'Versioned 2', rowVersion: 2 });

    const stale = await api('PATCH', url, { name: 'Lost update' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'records.conflict', rowVersion: 2 });
    expect((await api('GET', url)).json()).toMatchObject({ name: 'Versioned 2', rowVersion: 2 });

    const bare = await api('PATCH', url, { name: 'Versioned 3' }, { 'if-match': '2' });
    expect(bare.statusCode).toBe(200);
    expect(bare.headers.etag).toBe('"3"');
    expect((await api('PATCH', url, { name: 'x' }, { 'if-match': 'yesterday' })).statusCode).toBe(400);

    const invalid = await api('PATCH', url, { website: 'not a url' }, { 'if-match': '"3"' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors[0].pointer).toBe('/website');

    const history = await api('GET', `${url}/history`);
    expect(history.statusCode).toBe(200);
    const entries = history.json();
    expect(entries.map((e: Json) => e.action)).toEqual(['record.update', 'record.update', 'record.create']);
    expect(entries[0]).toMatchObject({ actor: 'rep', changes: { name: { before: 'Versioned 2', after: 'Versioned 3' } } });
    expect(entries[1]).toMatchObject({ changes: { name: { before: 'Versioned', after: 'Versioned 2' } } });
  });

  it('lists with filter, sort and pagination by cursor; bad sort syntax is 422 at /sort', async () => {
    const account = (await api('POST', '/records/account', { name: 'Paged Inc' })).json();
    for (const [i, closeDate] of ['2030-01-10', '2030-03-10', '2030-02-10', '2030-05-10', '2030-04-10'].entries()) {
      expect((await api('POST', '/records/opportunity', opportunity(account.id, { name: `Paged ${i}`, amount: 1000 * (i + 1), closeDate }))).statusCode).toBe(201);
    }
    await api('POST', '/records/opportunity', opportunity(account.id, { name: 'Small', amount: 10 }));
    const filter = encodeURIComponent(`account == "${account.id}" && amount >= 2000`);
    const first = await api('GET', `/records/opportunity?filter=${filter}&sort=-closeDate,name&pageSize=2&fields=name,closeDate,amount`);
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.records.map((r: Json) => r.closeDate)).toEqual(['2030-05-10', '2030-04-10']);
    expect(page1.total).toEqual({ count: 4, exact: true });
    expect(Object.keys(page1.records[0]).sort()).toEqual(expect.arrayContaining(['amount', 'closeDate', 'id', 'name', 'rowVersion']));
    expect(page1.records[0]).not.toHaveProperty('stage');
    const page2 = (await api('GET', `/records/opportunity?filter=${filter}&sort=-closeDate,name&pageSize=2&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
    expect(page2.records.map((r: Json) => r.closeDate)).toEqual(['2030-03-10', '2030-02-10']);
    expect(page2.nextCursor).toBeNull();
    const uncounted = (await api('GET', `/records/opportunity?filter=${filter}&sort=-closeDate,name&pageSize=2&withTotal=false`)).json();
    expect([uncounted.total, uncounted.records.map((r: Json) => r.closeDate)]).toEqual([null, ['2030-05-10', '2030-04-10']]);
    expect((await api('GET', `/records/opportunity?filter=${filter}&pageSize=2&withTotal=true`)).json().total).toEqual({ count: 4, exact: true });
    const relatedUncounted = (await api('GET', `/records/account/${account.id}/related/opportunity?field=account&withTotal=false`)).json();
    expect([relatedUncounted.total, relatedUncounted.records.length]).toEqual([null, 6]);
    expect((await api('GET', '/records/opportunity?withTotal=maybe')).statusCode).toBe(400);

    for (const sort of ['--name', 'name,,closeDate', 'name desc', 'na;me']) {
      const bad = await api('GET', `/records/opportunity?sort=${encodeURIComponent(sort)}`);
      expect(bad.statusCode, sort).toBe(422);
      expect(bad.json().errors[0]).toMatchObject({ pointer: '/sort', code: 'records.sort.invalid' });
    }
    const unknownField = await api('GET', '/records/opportunity?sort=-nope');
    expect(unknownField.statusCode).toBe(422);
    expect(unknownField.json().errors[0].pointer).toBe('/sort/0/field');
    const badFilter = await api('GET', `/records/opportunity?filter=${encodeURIComponent('amount >')}`);
    expect(badFilter.statusCode).toBe(422);
    expect(badFilter.json().errors[0].pointer).toBe('/filter');
    expect((await api('GET', '/records/opportunity?pageSize=500')).json().errors[0].pointer).toBe('/pageSize');
    expect((await api('GET', '/records/opportunity?color=red')).statusCode).toBe(400);
  });

  it('deletes (200 with the deleted record) and restores; related lists, search and aggregates', async () => {
    const account = (await api('POST', '/records/account', { name: 'Zanzibar Trading' })).json();
    const deal = (await api('POST', '/records/opportunity', opportunity(account.id, { name: 'Zanzibar deal', amount: 5000 }))).json();
    const url = `/records/opportunity/${deal.id}`;

    expect((await api('DELETE', url, undefined, { 'if-match': '"9"' })).statusCode).toBe(409);
    const deleted = await api('DELETE', url);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json().deletedAt).toEqual(expect.any(String));
    expect(deleted.headers.etag).toBe('"2"');
    expect((await api('GET', url)).statusCode).toBe(404);
    expect((await api('GET', `${url}?includeDeleted=true`)).statusCode).toBe(200);
    expect((await api('GET', `/records/account/${account.id}/related/opportunity`)).json().records).toEqual([]);

    const restored = await api('POST', `${url}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeUndefined();
    expect(restored.headers.etag).toBe('"3"');
    expect((await api('POST', `${url}/restore`)).statusCode).toBe(404);

    const related = await api('GET', `/records/account/${account.id}/related/opportunity?field=account&sort=name&fields=name`);
    expect(related.statusCode).toBe(200);
    expect(related.json().records.map((r: Json) => r.id)).toEqual([deal.id]);
    expect((await api('GET', `/records/account/${account.id}/related/opportunity?field=amount`)).json().errors[0].pointer).toBe('/field');

    const search = await api('GET', '/search?q=Zanzibar&objects=account,opportunity&limit=5');
    expect(search.statusCode).toBe(200);
    expect(search.json().map((h: Json) => h.id).sort()).toEqual([account.id, deal.id].sort());
    expect((await api('GET', '/search?q=')).json().errors[0].pointer).toBe('/q');

    const report = await api('POST', '/records/opportunity/aggregate', { filter: `account == "${account.id}"`, groupBy: ['stage'], measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }] });
    expect(report.statusCode).toBe(200);
    expect(report.json()).toEqual({ groups: [{ key: { stage: 'qualify' }, values: [1, 5000] }], truncated: false });
    expect((await browser('POST', '/records/opportunity/aggregate', { groupBy: [], measures: [{ fn: 'count' }] }, false)).statusCode).toBe(403);
  });

  it('serves every records path and method of its OpenAPI document (same paths, same parameters)', async () => {
    const document = (await api('GET', '/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const methods = ['get', 'post', 'patch', 'delete'];
    const checked: string[] = [];
    for (const [path, item] of Object.entries(document.paths).filter(([p]) => p.startsWith('/records/') || p === '/search')) {
      const url = path.replace('{id}', '00000000-0000-0000-0000-000000000000') + (path === '/search' ? '?q=x&objects=account&limit=1' : '');
      for (const method of methods.filter((m) => m in item)) {
        const response = await api(method.toUpperCase() as InjectOptions['method'], url, method === 'post' || method === 'patch' ? { nonsense: 1 } : undefined);
        // every answer but the CSV export is JSON: a problem document that must not be "no such route"
        if (String(response.headers['content-type']).includes('text/csv')) expect(response.statusCode, `${method} ${path}`).toBe(200);
        else expect(response.json().code, `${method} ${path}`).not.toBe('http.not-found');
        checked.push(`${method} ${path}`);
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['get /records/account', 'post /records/opportunity/aggregate', 'patch /records/account/{id}', 'get /records/account/{id}/related/opportunity', 'get /search']));
    const list = await api('GET', '/records/opportunity?filter=true&sort=-closeDate,name&pageSize=1&includeDeleted=false&withTotal=false&fields=name,amount');
    expect(list.statusCode).toBe(200);
  });

  it('answers 404 for unknown objects and records, 401 to anonymous callers', async () => {
    const unknown = await api('GET', '/records/spaceship');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'records.object-unknown' });
    expect((await api('POST', '/records/spaceship', { name: 'x' })).statusCode).toBe(404);
    expect((await api('GET', '/records/account/00000000-0000-0000-0000-000000000000')).json()).toMatchObject({ status: 404, code: 'records.not-found' });
    expect((await api('GET', '/records/account/not-an-id')).statusCode).toBe(404);
    for (const [method, url] of [['GET', '/records/account'], ['POST', '/records/account'], ['GET', '/search?q=acme']] as const) {
      const anonymous = await app.inject({ method, url: `/api/v1${url}`, ...(method === 'POST' ? { payload: { name: 'x' } } : {}) });
      expect(anonymous.statusCode, url).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: 'auth.unauthenticated' });
    }
  });
});
