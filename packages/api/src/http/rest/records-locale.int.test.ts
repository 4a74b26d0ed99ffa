import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, users, type TestDatabase } from '@mainline/db';
import { eq } from 'drizzle-orm';
import { loadTemplate } from '@mainline/templates';
import { cliActor } from '../../context.ts';
import { publish } from '../../operations/config/publish.ts';
import { withFullAccess, withFullAccessRole } from '../../testing/access-fixtures.ts';
import { createTestUser, signIn, type SignedIn } from '../../testing/auth-fixtures.ts';
import { createServer } from '../create-server.ts';

describe(`messages of the configuration in the caller's language (${testEngine()})`, () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let rep: SignedIn;
  let accountId: string;

  const lostDeal = (headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/records/opportunity',
      cookies: rep.cookies,
      headers: { 'x-csrf-token': rep.csrfToken, ...headers },
      payload: { name: 'Lost deal', account: accountId, amount: 10, closeDate: '2030-01-31', stage: 'lost' },
    });
  const ruleMessage = async (headers: Record<string, string> = {}) => {
    const response = await lostDeal(headers);
    expect(response.statusCode).toBe(422);
    return (response.json() as { errors: { code: string; message: string }[] }).errors.find((e) => e.code === 'records.rule.lostNeedsReason')?.message;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    app = await createServer({ database, logger: false });
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    const user = await withFullAccess(database, await createTestUser(database, 'wang'));
    rep = await signIn(app, user);
    const account = await app.inject({ method: 'POST', url: '/api/v1/records/account', cookies: rep.cookies, headers: { 'x-csrf-token': rep.csrfToken }, payload: { name: 'Acme' } });
    accountId = account.json().id;
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('follows Accept-Language, else the user setting, else English', async () => {
    expect(await ruleMessage()).toBe('Give the loss reason of a lost opportunity.');
    expect(await ruleMessage({ 'accept-language': 'zh-CN,zh;q=0.9' })).toBe('输单的商机必须填写输单原因。');
    await database.db.update(users).set({ locale: 'zh-CN' }).where(eq(users.username, 'wang'));
    rep = await signIn(app, { username: 'wang', password: 'wang-secret-pw' });
    expect(await ruleMessage()).toBe('输单的商机必须填写输单原因。');
    expect(await ruleMessage({ 'accept-language': 'en-GB' })).toBe('Give the loss reason of a lost opportunity.');
  });
});
