import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { assignRole } from '../../operations/org/assign-role.ts';
import { createOrgUnit } from '../../operations/org/create-org-unit.ts';
import { createUser } from '../../operations/org/create-user.ts';
import { createRecord } from '../../operations/records/create-record.ts';
import { signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { createServer } from '../create-server.ts';

type Json = Record<string, unknown>;
const name = (en: string) => ({ en, 'zh-CN': en });

// POST /records/{object}/{id}/transfer, POST /access/handover and their tRPC twins, as a sales
// manager of east (transfer grant on east and below) and a rep of east (no transfer grant).
describe(`transfer and handover over REST and tRPC (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let ctx: OperationContext;
  let meg: SignedIn;
  let ann: SignedIn;
  const ids: Record<string, string> = {};
  let rep: OperationContext;

  const post = (who: SignedIn, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: `/api/v1${url}`, cookies: who.cookies, headers: { 'x-csrf-token': who.csrfToken, ...headers }, payload: payload as Json });
  const mutate = (who: SignedIn, path: string, input: unknown) =>
    app.inject({ method: 'POST', url: `/trpc/${path}`, cookies: who.cookies, headers: { 'content-type': 'application/json', 'x-csrf-token': who.csrfToken }, payload: JSON.stringify(input) });
  const deal = async () => {
    const created = await createRecord(rep, { object: 'opportunity', values: { name: 'Deal', account: ids.account, amount: 5 } });
    return created.id as string;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    ctx = { database, actor: cliActor('test') };
    await publish(ctx, { package: loadTemplate('complex-sales'), message: 'complex sales' });
    ids.hq = (await createOrgUnit(ctx, { code: 'hq', name: name('HQ') })).id;
    ids.east = (await createOrgUnit(ctx, { code: 'east', name: name('East'), parentId: ids.hq })).id;
    for (const [username, role] of [
      ['meg', 'salesManager'],
      ['ann', 'accountExecutive'],
      ['bob', 'accountExecutive'],
    ] as const) {
      const user = await createUser(ctx, { username, displayName: username, orgUnitId: ids.east, password: 'correct horse battery 9', mustChangePassword: false });
      await assignRole(ctx, { userId: user.id, roleId: role, orgUnitId: ids.east });
      ids[username] = user.id;
    }
    meg = await signIn(app, { username: 'meg', password: 'correct horse battery 9' });
    ann = await signIn(app, { username: 'ann', password: 'correct horse battery 9' });
    rep = { database, actor: { userId: ids.ann!, username: 'ann', permissions: [], via: 'session', orgUnitId: ids.east! } };
    ids.account = (await createRecord(rep, { object: 'account', values: { name: 'Acme' } })).id as string;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('transfers a record over REST: If-Match required, the new ETag, problems at the body\'s pointers', async () => {
    const id = await deal();
    const url = `/records/opportunity/${id}/transfer`;
    expect((await post(meg, url, { owner: ids.bob })).statusCode).toBe(428);
    const noCsrf = await app.inject({ method: 'POST', url: `/api/v1${url}`, cookies: meg.cookies, headers: { 'if-match': '"1"' }, payload: { owner: ids.bob } });
    expect(noCsrf.json()).toMatchObject({ status: 403, code: 'auth.csrf' });
    expect((await post(meg, url, { owner: ids.bob, colour: 'red' }, { 'if-match': '"1"' })).statusCode).toBe(400);
    const refused = await post(meg, url, { owner: 'nobody' }, { 'if-match': '"1"' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors).toEqual([expect.objectContaining({ pointer: '/owner', code: 'records.owner-inactive' })]);
    expect((await post(ann, url, { owner: ids.bob }, { 'if-match': '"1"' })).json()).toMatchObject({ status: 403, code: 'access.denied' });
    const moved = await post(meg, url, { owner: ids.bob }, { 'if-match': '"1"' });
    expect(moved.statusCode).toBe(200);
    expect(moved.headers.etag).toBe('"2"');
    expect(moved.json()).toMatchObject({ id, owner: ids.bob, orgUnit: ids.east, rowVersion: 2 });
    expect((await post(meg, url, { owner: ids.ann }, { 'if-match': '"1"' })).json()).toMatchObject({ status: 409, code: 'records.conflict', rowVersion: 2 });
  });

  it('transfers a record over tRPC (records.transfer), the operation\'s input as it is', async () => {
    const id = await deal();
    const missing = await mutate(meg, 'records.transfer', { object: 'opportunity', id, owner: ids.bob });
    expect(missing.statusCode).toBe(400);
    const moved = await mutate(meg, 'records.transfer', { object: 'opportunity', id, rowVersion: 1, owner: ids.bob });
    expect(moved.json().result.data).toMatchObject({ owner: ids.bob, rowVersion: 2 });
  });

  it('hands over over REST and tRPC: a dry run first, then the real thing; 403 for an object without the grant', async () => {
    await deal();
    await deal();
    const body = { from: ids.ann, to: ids.bob, objects: ['opportunity'] };
    const dry = await post(meg, '/access/handover', { ...body, dryRun: true });
    expect(dry.statusCode).toBe(200);
    const counted = dry.json().records.byObject.opportunity as number;
    expect(counted).toBeGreaterThanOrEqual(2);
    expect(dry.json()).toMatchObject({ dryRun: true, handoverId: null, from: { id: ids.ann, username: 'ann' }, to: { username: 'bob' } });
    const done = await mutate(meg, 'access.handOver', body);
    expect(done.json().result.data).toMatchObject({ dryRun: false, records: { total: counted, byObject: { opportunity: counted } }, tasks: { total: 0, byObject: { opportunity: 0 } } });
    const product = await post(meg, '/access/handover', { ...body, objects: ['product'] });
    expect(product.statusCode).toBe(403);
    expect(product.json().errors).toEqual([expect.objectContaining({ pointer: '/objects/0', code: 'access.denied' })]);
    expect((await post(ann, '/access/handover', { from: ids.bob, to: ids.ann })).json()).toMatchObject({ status: 403, code: 'access.denied' });
    expect((await post(meg, '/access/handover', { from: ids.ann })).statusCode).toBe(400);
  });

  it('describes both in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json', cookies: meg.cookies })).json() as { paths: Record<string, Json> };
    expect(doc.paths['/records/opportunity/{id}/transfer']).toHaveProperty('post');
    expect(doc.paths['/access/handover']).toHaveProperty('post');
  });
});
