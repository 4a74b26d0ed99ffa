import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, roleAssignments, sessions, testEngine, users, type TestDatabase } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { assignRole } from './assign-role.ts';
import { createOrgUnit } from './create-org-unit.ts';
import { createUser, type CreateUserInput } from './create-user.ts';
import { disableUser, enableUser } from './disable-user.ts';
import { listUsers } from './list-users.ts';
import { setUserPermissions } from './set-user-permissions.ts';
import { unassignRole } from './unassign-role.ts';
import { testContext } from './lib/test-context.ts';

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

const roles = { roles: [{ id: 'salesRep', label: { en: 'Sales rep' }, grants: [] }, { id: 'salesManager', label: { en: 'Sales manager' }, grants: [] }] };
const password = 'correct horse battery';

describe(`user operations (${testEngine()})`, () => {
  let database: TestDatabase;
  let admin: OperationContext;
  let company: string;
  let east: string;
  let eastTeam: string;
  beforeAll(async () => {
    database = await openTestDatabase();
    admin = testContext(database, ['admin']);
    company = (await createOrgUnit(admin, { code: 'company', name: { en: 'Company' } })).id;
    east = (await createOrgUnit(admin, { code: 'east', name: { en: 'East' }, parentId: company })).id;
    eastTeam = (await createOrgUnit(admin, { code: 'east-team', name: { en: 'East team' }, parentId: east })).id;
  });
  afterAll(() => database.close());

  const newUser = (input: Partial<CreateUserInput> & { username: string }): CreateUserInput => ({ displayName: input.username, orgUnitId: east, password, ...input });

  it('creates a user with a hashed password and never returns the hash', async () => {
    const user = await createUser(admin, newUser({ username: 'Li.Na', displayName: 'Li Na', email: 'li.na@example.com', locale: 'zh-CN' }));
    expect(user).toMatchObject({ username: 'Li.Na', displayName: 'Li Na', email: 'li.na@example.com', locale: 'zh-CN', orgUnitId: east, permissions: [], mustChangePassword: true, disabledAt: null });
    expect(user).not.toHaveProperty('passwordHash');
    const [stored] = await database.db.select().from(users).where(eq(users.id, user.id));
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(stored!.passwordHash!, password)).toBe(true);
  });

  it('refuses a username taken in any case, and reports every bad field at its pointer', async () => {
    const taken = await failure(createUser(admin, newUser({ username: 'li.NA' })));
    expect([taken.status, taken.code, taken.problems[0]?.pointer]).toEqual([409, 'org.user.duplicate-username', '/username']);
    const bad = await failure(createUser(admin, { username: 'no spaces', displayName: '', email: 'nope', locale: 'fr' as 'en', orgUnitId: east, password: 'short', permissions: ['root' as 'admin'] }));
    expect(bad.status).toBe(422);
    expect(bad.problems.map((p) => `${p.pointer} ${p.code}`)).toEqual([
      '/username org.user.invalid-username',
      '/displayName org.user.display-name-required',
      '/email org.user.invalid-email',
      '/locale org.user.invalid-locale',
      '/permissions org.user.unknown-permission',
      '/password auth.password.too-short',
    ]);
    const nowhere = await failure(createUser(admin, newUser({ username: 'nowhere', orgUnitId: '00000000-0000-4000-8000-000000000000' })));
    expect([nowhere.code, nowhere.problems[0]?.pointer]).toEqual(['org.unit.unknown', '/orgUnitId']);
  });

  it('lets a caller grant only the permissions it holds', async () => {
    const manager = testContext(database, ['manageUsers']);
    const escalation = await failure(createUser(manager, newUser({ username: 'sneaky', permissions: ['admin'] })));
    expect([escalation.status, escalation.code]).toEqual([403, 'org.user.permission-escalation']);
    const helper = await createUser(manager, newUser({ username: 'helper', permissions: ['manageUsers'] }));
    expect((await failure(setUserPermissions(manager, { userId: helper.id, permissions: ['manageUsers', 'publish'] }))).code).toBe('org.user.permission-escalation');
    expect((await setUserPermissions(admin, { userId: helper.id, permissions: ['publish', 'editDrafts', 'publish'] })).permissions).toEqual(['publish', 'editDrafts']);
  });

  it('keeps at least one enabled admin', async () => {
    const root = await createUser(admin, newUser({ username: 'root', permissions: ['admin'] }));
    const lastDemotion = await failure(setUserPermissions(admin, { userId: root.id, permissions: [] }));
    expect([lastDemotion.status, lastDemotion.code]).toEqual([409, 'org.user.last-admin']);
    expect((await failure(disableUser(admin, { userId: root.id }))).code).toBe('org.user.last-admin');
    const second = await createUser(admin, newUser({ username: 'root2', permissions: ['admin'] }));
    await setUserPermissions(admin, { userId: root.id, permissions: ['manageUsers'] });
    expect((await failure(disableUser(admin, { userId: second.id }))).code).toBe('org.user.last-admin');
  });

  it('disables a user, revoking their sessions, and enables them again', async () => {
    const user = await createUser(admin, newUser({ username: 'leaver' }));
    await database.db.insert(sessions).values({ id: 'leaver-session', userId: user.id, csrfToken: 'x', expiresAt: new Date(Date.now() + 3600_000) });
    const disabled = await disableUser(admin, { userId: user.id });
    expect(disabled.disabledAt).toBeInstanceOf(Date);
    expect((await database.db.select().from(sessions).where(eq(sessions.id, 'leaver-session')))[0]!.revokedAt).toBeInstanceOf(Date);
    expect((await disableUser(admin, { userId: user.id })).disabledAt).toEqual(disabled.disabledAt);
    expect((await listUsers(admin, { search: 'leaver' })).users).toEqual([]);
    expect((await listUsers(admin, { search: 'leaver', includeDisabled: true })).users.map((u) => u.username)).toEqual(['leaver']);
    expect((await enableUser(admin, { userId: user.id })).disabledAt).toBeNull();
    expect((await failure(disableUser(admin, { userId: 'not-a-uuid' }))).status).toBe(404);
  });

  it('assigns roles as role@unit, checks role and unit, and retires instead of deleting', async () => {
    const [user] = (await listUsers(admin, { search: 'li.na' })).users;
    const first = await assignRole(admin, { userId: user!.id, roleId: 'salesRep', orgUnitId: east }, roles);
    expect(first.created).toBe(true);
    const again = await assignRole(admin, { userId: user!.id, roleId: 'salesRep', orgUnitId: east }, (id) => id === 'salesRep');
    expect(again).toEqual({ assignment: first.assignment, created: false });
    await assignRole(admin, { userId: user!.id, roleId: 'salesManager', orgUnitId: company }, roles);

    const unknownRole = await failure(assignRole(admin, { userId: user!.id, roleId: 'pilot', orgUnitId: east }, roles));
    expect([unknownRole.status, unknownRole.code, unknownRole.problems[0]?.pointer]).toEqual([422, 'org.role.unknown-role', '/roleId']);
    const unknownUnit = await failure(assignRole(admin, { userId: user!.id, roleId: 'salesRep', orgUnitId: '00000000-0000-4000-8000-000000000000' }, roles));
    expect([unknownUnit.code, unknownUnit.problems[0]?.pointer]).toEqual(['org.unit.unknown', '/orgUnitId']);
    expect((await failure(assignRole(admin, { userId: '00000000-0000-4000-8000-000000000000', roleId: 'salesRep', orgUnitId: east }, roles))).status).toBe(404);

    const listed = (await listUsers(admin, { search: 'li.na' })).users[0]!;
    expect(listed.roles.map((r) => `${r.roleId}@${r.orgUnitCode}`)).toEqual(['salesManager@company', 'salesRep@east']);

    const retired = await unassignRole(admin, { assignmentId: first.assignment.id });
    expect(retired.retiredAt).toBeInstanceOf(Date);
    await unassignRole(admin, { userId: user!.id, roleId: 'salesManager', orgUnitId: company });
    expect((await listUsers(admin, { search: 'li.na' })).users[0]!.roles).toEqual([]);
    expect(await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, user!.id))).toHaveLength(2);
    expect((await failure(unassignRole(admin, { userId: user!.id, roleId: 'salesManager', orgUnitId: company }))).code).toBe('org.role.unknown-assignment');
    const renewed = await assignRole(admin, { userId: user!.id, roleId: 'salesRep', orgUnitId: east }, roles);
    expect(renewed.created).toBe(true);
  });

  it('lists users of a unit, or of a unit and below, page by page', async () => {
    await createUser(admin, newUser({ username: 'team.member', orgUnitId: eastTeam }));
    await createUser(admin, newUser({ username: 'hq.person', orgUnitId: company }));
    const inEast = await listUsers(admin, { orgUnitId: east });
    expect(inEast.users.every((u) => u.orgUnitId === east)).toBe(true);
    const below = await listUsers(admin, { orgUnitId: east, includeBelow: true });
    expect(below.users.map((u) => u.username)).toContain('team.member');
    expect(below.users.map((u) => u.username)).not.toContain('hq.person');
    expect(below.total).toBe(inEast.total + 1);
    const page = await listUsers(admin, { limit: 2, offset: 1 });
    expect(page.users).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
  });

  it('answers 403 to a caller without manageUsers, for every write and the user list', async () => {
    const [user] = (await listUsers(admin, { search: 'li.na' })).users;
    for (const permissions of [[], ['editDrafts', 'publish']] as const) {
      const caller = testContext(database, [...permissions]);
      const calls = [
        () => createUser(caller, newUser({ username: 'nope' })),
        () => setUserPermissions(caller, { userId: user!.id, permissions: [] }),
        () => disableUser(caller, { userId: user!.id }),
        () => enableUser(caller, { userId: user!.id }),
        () => assignRole(caller, { userId: user!.id, roleId: 'salesRep', orgUnitId: east }, roles),
        () => unassignRole(caller, { userId: user!.id, roleId: 'salesRep', orgUnitId: east }),
        () => listUsers(caller),
      ];
      for (const call of calls) expect((await failure(call())).status).toBe(403);
    }
  });
});
