import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, openTestDatabase, sessions, testEngine, users, type TestDatabase } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { createOrgUnit } from './create-org-unit.ts';
import { createUser } from './create-user.ts';
import { resetUserPassword } from './reset-user-password.ts';
import { testContext } from './lib/test-context.ts';

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

describe(`resetUserPassword (${testEngine()})`, () => {
  let database: TestDatabase;
  let admin: OperationContext;
  let unit: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    admin = testContext(database, ['admin']);
    unit = (await createOrgUnit(admin, { code: 'company', name: { en: 'Company' } })).id;
  });
  afterAll(() => database.close());

  const storedHash = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0]!.passwordHash!;

  it('sets a new password without the current one, requires a change at next sign-in, ends every session and is audited', async () => {
    const user = await createUser(admin, { username: 'forgetful', displayName: 'Forgetful', orgUnitId: unit, password: 'first password', mustChangePassword: false });
    await database.db.insert(sessions).values({ id: 'forgetful-session', userId: user.id, csrfToken: 'x', expiresAt: new Date(Date.now() + 3600_000) });
    const reset = await resetUserPassword(admin, { userId: user.id, password: 'second password' });
    expect(reset).toMatchObject({ id: user.id, mustChangePassword: true });
    expect(reset).not.toHaveProperty('passwordHash');
    expect(await verifyPassword(await storedHash(user.id), 'second password')).toBe(true);
    expect((await database.db.select().from(sessions).where(eq(sessions.id, 'forgetful-session')))[0]!.revokedAt).toBeInstanceOf(Date);
    const audited = await database.db.select().from(auditLog).where(eq(auditLog.action, 'org.user.password-reset'));
    expect(audited.map((a) => (a.details as { username: string }).username)).toEqual(['forgetful']);
    expect((await resetUserPassword(admin, { userId: user.id, password: 'third password', mustChangePassword: false })).mustChangePassword).toBe(false);
  });

  it('applies the password policy and answers 404 for an unknown user', async () => {
    const user = await createUser(admin, { username: 'policy.check', displayName: 'P', orgUnitId: unit, password: 'first password' });
    const short = await failure(resetUserPassword(admin, { userId: user.id, password: 'short' }));
    expect([short.status, short.problems[0]?.pointer, short.problems[0]?.code]).toEqual([422, '/password', 'auth.password.too-short']);
    expect((await failure(resetUserPassword(admin, { userId: user.id, password: 'Policy.Check' }))).problems[0]?.code).toBe('auth.password.is-username');
    expect((await failure(resetUserPassword(admin, { userId: '00000000-0000-4000-8000-000000000000', password: 'long enough pass' }))).status).toBe(404);
  });

  it('lets a caller reset only users whose permissions it holds, and needs manageUsers', async () => {
    const root = await createUser(admin, { username: 'root.user', displayName: 'Root', orgUnitId: unit, password: 'first password', permissions: ['admin'] });
    const before = await storedHash(root.id);
    const manager = testContext(database, ['manageUsers']);
    const escalation = await failure(resetUserPassword(manager, { userId: root.id, password: 'taken over now' }));
    expect([escalation.status, escalation.code]).toEqual([403, 'org.user.permission-escalation']);
    expect(await storedHash(root.id)).toBe(before);
    const plain = await createUser(admin, { username: 'plain.user', displayName: 'Plain', orgUnitId: unit, password: 'first password' });
    expect((await resetUserPassword(manager, { userId: plain.id, password: 'reset by manager' })).id).toBe(plain.id);
    expect((await failure(resetUserPassword(testContext(database, ['publish']), { userId: plain.id, password: 'not allowed here' }))).status).toBe(403);
  });
});
