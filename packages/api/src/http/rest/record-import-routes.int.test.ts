import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { withFullAccess, withFullAccessRole } from '../../testing/access-fixtures.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { createServer } from '../create-server.ts';

describe(`CSV import jobs and export over REST (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let rep: SignedIn;
  let token: string;

  const upload = (url: string, csv: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
    app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { 'content-type': 'text/csv', ...headers }, payload: csv });
  const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
  async function settled(location: string) {
    for (let i = 0; i < 200; i++) {
      const job = (await app.inject({ method: 'GET', url: location, headers: { authorization: `Bearer ${token}` } })).json();
      if (job.status === 'done' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the import job did not finish');
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    rep = await signIn(app, await withFullAccess(database, await createTestUser(database, 'rep')));
    token = (await app.inject({ method: 'POST', url: '/api/v1/auth/tokens', cookies: rep.cookies, headers: { 'x-csrf-token': rep.csrfToken }, payload: { name: 'import' } })).json().token;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('runs an import job to done with its report, then exports the records as CSV', async () => {
    const started = await upload('/records/account/imports?key=name', 'name,accountType\nAcme,customer\nBeta,prospect\n');
    expect(started.statusCode).toBe(202);
    const location = started.headers.location as string;
    expect(location).toBe(`/api/v1/imports/${started.json().id}`);
    expect(started.json()).toMatchObject({ object: 'account', status: 'queued' });
    const job = await settled(location);
    expect(job).toMatchObject({ status: 'done', progress: { rowsRead: 2, rowsWritten: 2, rowsFailed: 0 }, report: { ok: true, created: 2 } });
    expect(job.finishedAt).toBeTruthy();

    const exported = await get('/records/account/export.csv?fields=name,accountType&sort=name&labels=en');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toContain('text/csv');
    expect(exported.body).toBe('Account name,Type\r\nAcme,Customer\r\nBeta,Prospect\r\n');
    expect((await get('/records/account/export.csv?filter=nope%20%3D%3D%201')).statusCode).toBe(422);
  });

  it('reports bad rows in a failed job, and a dry run writes nothing', async () => {
    const bad = await settled((await upload('/records/account/imports', 'name,accountType\nGamma,vip\n')).headers.location as string);
    expect(bad).toMatchObject({ status: 'failed', report: { ok: false, failed: 1, errors: [{ row: 2, column: 'accountType', code: 'records.value.choice' }] } });
    const dry = await settled((await upload('/records/account/imports?dryRun=true&mapping=%7B%22x%22%3A%22-%22%7D', 'name,accountType,x\nDelta,prospect,1\n')).headers.location as string);
    expect(dry).toMatchObject({ status: 'done', progress: { rowsWritten: 0 }, report: { dryRun: true, created: 1 } });
    expect((await get('/records/account/export.csv?fields=name')).body).not.toContain('Delta');
  });

  it('401 without credentials, 403 for a cookie session without the CSRF token, 404 for another user\'s job', async () => {
    expect((await upload('/records/account/imports', 'name\nX\n', {})).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/v1/records/account/export.csv' })).statusCode).toBe(401);
    const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/records/account/imports', cookies: rep.cookies, headers: { 'content-type': 'text/csv' }, payload: 'name\nX\n' });
    expect(noCsrf.statusCode).toBe(403);
    const withCsrf = await app.inject({ method: 'POST', url: '/api/v1/records/account/imports', cookies: rep.cookies, headers: { 'content-type': 'text/csv', 'x-csrf-token': rep.csrfToken }, payload: 'name\nEpsilon\n' });
    expect(withCsrf.statusCode).toBe(202);
    await settled(withCsrf.headers.location as string);
    const other = await signIn(app, await withFullAccess(database, await createTestUser(database, 'other')));
    const peek = await app.inject({ method: 'GET', url: withCsrf.headers.location as string, cookies: other.cookies });
    expect(peek.statusCode).toBe(404);
  });
});
