import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { cliActor, type OperationContext } from '../../context.ts';
import { createTestUser, type TestUser } from '../../testing/auth-fixtures.ts';
import { createApiToken } from './create-api-token.ts';
import { listApiTokens } from './list-api-tokens.ts';
import { revokeApiToken } from './revoke-api-token.ts';

describe(`API token operations from the command line (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;
  let ana: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = { database, actor: cliActor('ops') };
    ana = await createTestUser(database, 'ana');
  });
  afterAll(() => database.close());

  it('needs a user to create tokens for', async () => {
    await expect(createApiToken(ctx, { name: 'x' })).rejects.toMatchObject({ status: 400, code: 'auth.user-required' });
    await expect(createApiToken(ctx, { name: 'x', userId: '00000000-0000-0000-0000-000000000000' })).rejects.toMatchObject({ status: 404, code: 'auth.user-not-found' });
  });

  it("creates, lists and revokes a user's tokens", async () => {
    const created = await createApiToken(ctx, { name: 'nightly import', userId: ana.id, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(created).toMatchObject({ userId: ana.id, status: 'active', revokedAt: null });
    const { token: _secret, ...summary } = created;
    expect(await listApiTokens(ctx, { userId: ana.id })).toEqual([summary]);
    const revoked = await revokeApiToken(ctx, { id: created.id });
    expect(revoked.status).toBe('revoked');
    expect(await revokeApiToken(ctx, { id: created.id })).toEqual(revoked);
    await expect(revokeApiToken(ctx, { id: 'not-a-uuid' })).rejects.toMatchObject({ status: 404 });
  });
});
