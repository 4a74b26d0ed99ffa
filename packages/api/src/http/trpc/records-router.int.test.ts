import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { withFullAccess, withFullAccessRole } from '../../testing/access-fixtures.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { createServer } from '../create-server.ts';

type Json = Record<string, unknown>;

describe(`tRPC records.* on complex sales (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let rep: SignedIn;

  const mutate = (path: string, input: unknown, csrf = true) =>
    app.inject({
      method: 'POST',
      url: `/trpc/records.${path}`,
      cookies: rep.cookies,
      headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': rep.csrfToken } : {}) },
      payload: JSON.stringify(input),
    });
  const query = (path: string, input: unknown, cookies: Record<string, string> = rep.cookies) =>
    app.inject({ method: 'GET', url: `/trpc/records.${path}?input=${encodeURIComponent(JSON.stringify(input))}`, cookies });
  const data = (response: { json(): { result: { data: unknown } } }) => response.json().result.data as Json & Json[];
  const problem = (response: { json(): { error: { data: { problem: Json & { errors: Json[] } } } } }) => response.json().error.data.problem;

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    rep = await signIn(app, await withFullAccess(database, await createTestUser(database, 'rep')));
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('creates, reads, updates with the row version, deletes and restores; history before/after', async () => {
    expect(problem(await mutate('create', { object: 'account', values: { name: 'Orbit' } }, false))).toMatchObject({ code: 'auth.csrf' });
    const created = await mutate('create', { object: 'account', values: { name: 'Orbit' } });
    expect(created.statusCode).toBe(200);
    const account = data(created);
    expect(account).toMatchObject({ name: 'Orbit', rowVersion: 1 });
    const id = account.id as string;

    expect(data(await query('get', { object: 'account', id }))).toMatchObject({ id, name: 'Orbit' });
    const missingVersion = await mutate('update', { object: 'account', id, values: { name: 'Orbit 2' } });
    expect(missingVersion.statusCode).toBe(400);
    expect(problem(missingVersion).errors[0]).toMatchObject({ pointer: '/rowVersion' });
    expect(data(await mutate('update', { object: 'account', id, rowVersion: 1, values: { name: 'Orbit 2' } }))).toMatchObject({ rowVersion: 2 });
    const stale = await mutate('update', { object: 'account', id, rowVersion: 1, values: { name: 'Lost' } });
    expect(stale.statusCode).toBe(409);
    expect(problem(stale)).toMatchObject({ code: 'records.conflict', rowVersion: 2 });

    const history = data(await query('history', { object: 'account', id }));
    expect(history[0]).toMatchObject({ action: 'record.update', changes: { name: { before: 'Orbit', after: 'Orbit 2' } } });

    expect(data(await mutate('delete', { object: 'account', id, rowVersion: 2 })).deletedAt).toEqual(expect.any(String));
    expect((await query('get', { object: 'account', id })).statusCode).toBe(404);
    expect(data(await mutate('restore', { object: 'account', id })).rowVersion).toBe(4);
  });

  it('keeps the operations\' pointers (/values/x) in validation problems', async () => {
    const response = await mutate('create', { object: 'opportunity', values: { name: 'No account', amount: 'lots' } });
    expect(response.statusCode).toBe(422);
    const found = problem(response);
    expect(found.code).toBe('records.invalid');
    expect(found.errors.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/values/amount', '/values/account']));
    expect(problem(await mutate('create', { object: 'opportunity', values: {}, extra: 1 })).errors[0]).toMatchObject({ pointer: '/extra' });
  });

  it('lists, follows related lists, searches, aggregates and bulk-updates', async () => {
    const account = data(await mutate('create', { object: 'account', values: { name: 'Quasar Holdings' } }));
    for (const [name, amount] of [['Quasar A', 300], ['Quasar B', 100], ['Quasar C', 200]] as const) {
      await mutate('create', { object: 'opportunity', values: { name, account: account.id, amount, closeDate: '2031-01-01' } });
    }
    const filter = `account == "${String(account.id)}"`;
    const page = data(await query('list', { object: 'opportunity', filter, sort: [{ field: 'amount', direction: 'desc' }], pageSize: 2, fields: ['name', 'amount'] }));
    expect((page.records as Json[]).map((r) => r.name)).toEqual(['Quasar A', 'Quasar C']);
    const next = data(await query('list', { object: 'opportunity', filter, sort: [{ field: 'amount', direction: 'desc' }], pageSize: 2, cursor: page.nextCursor }));
    expect((next.records as Json[]).map((r) => r.name)).toEqual(['Quasar B']);
    expect(problem(await query('list', { object: 'opportunity', sort: [{ field: 'nope' }] })).errors[0]).toMatchObject({ pointer: '/sort/0/field' });

    const related = data(await query('related', { object: 'account', id: account.id, relatedObject: 'opportunity', sort: [{ field: 'name' }] }));
    expect((related.records as Json[]).map((r) => r.name)).toEqual(['Quasar A', 'Quasar B', 'Quasar C']);
    expect(data(await query('search', { q: 'Quasar', objects: ['account'] })).map((h) => h.id)).toEqual([account.id]);
    expect(data(await query('aggregate', { object: 'opportunity', filter, groupBy: [], measures: [{ fn: 'sum', field: 'amount' }] }))).toEqual({ groups: [{ key: {}, values: [600] }], truncated: false });

    const bulk = data(await mutate('bulkUpdate', { object: 'opportunity', filter, values: { nextStep: 'Call', nextStepDate: '2031-01-01' } }));
    expect(bulk).toMatchObject({ total: 3, updated: 3, failed: [] });

    expect((await query('list', { object: 'spaceship' })).statusCode).toBe(404);
    expect((await query('list', { object: 'account' }, {})).statusCode).toBe(401);
  });
});
