import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, roleAssignments, testEngine, users, type TestDatabase } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { importOrgUnits } from './import-org-units.ts';
import { importUsers } from './import-users.ts';
import { listUsers } from './list-users.ts';
import { retireOrgUnit } from './retire-org-unit.ts';
import { createOrgUnit } from './create-org-unit.ts';
import { testContext } from './lib/test-context.ts';

const header = 'username,display_name,email,locale,org_unit_code,roles,password';
const csv = (...lines: string[]) => [header, ...lines].join('\n');
const roles = { roles: [{ id: 'salesRep', label: { en: 'Sales rep' }, grants: [] }, { id: 'salesManager', label: { en: 'Sales manager' }, grants: [] }] };

describe(`users CSV import (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;
  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = testContext(database);
    const units = await importOrgUnits(ctx, { csv: 'code,parent_code,name_en,name_zh\ncompany,,Acme,\nhq,company,HQ,总部\neast,company,East,华东区\nsouth,company,South,华南区' });
    expect(units.ok).toBe(true);
  });
  afterAll(() => database.close());

  const snapshot = () =>
    database.rows(sql`
      select u.username, u.display_name, u.email, u.locale, u.org_unit_id, u.password_hash,
        (select string_agg(ra.role_id || '@' || ra.org_unit_id || ':' || coalesce(ra.retired_at::text, 'live'), ',' order by ra.id) from role_assignments ra where ra.user_id = u.id) as roles
      from users u order by u.username`);
  const rolesOf = async (username: string) => (await listUsers(ctx, { search: username, includeDisabled: true })).users.find((u) => u.username.toLowerCase() === username.toLowerCase())!.roles.map((r) => `${r.roleId}@${r.orgUnitCode}`);

  it('creates users with hashed initial passwords and their roles', async () => {
    const report = await importUsers(
      ctx,
      {
        csv: csv(
          'li.na,Li Na,li.na@example.com,zh-CN,east,salesRep@east,first-password-1',
          'wang.wei,Wang Wei,,,hq,salesManager@company;salesRep@hq,first-password-2',
          'chen.jie,"Chen, Jie",chen@example.com,en,south,,first-password-3',
        ),
      },
      roles,
    );
    expect(report).toEqual({ ok: true, dryRun: false, created: 3, updated: 0, unchanged: 0, errors: [] });
    const [liNa] = await database.db.select().from(users).where(eq(users.username, 'li.na'));
    expect(liNa).toMatchObject({ displayName: 'Li Na', email: 'li.na@example.com', locale: 'zh-CN', mustChangePassword: true });
    expect(await verifyPassword(liNa!.passwordHash!, 'first-password-1')).toBe(true);
    const [wangWei] = await database.db.select().from(users).where(eq(users.username, 'wang.wei'));
    expect([wangWei!.email, wangWei!.locale]).toEqual([null, 'en']);
    expect(await rolesOf('wang.wei')).toEqual(['salesManager@company', 'salesRep@hq']);
    expect(await rolesOf('chen.jie')).toEqual([]);
  });

  it('updates known usernames (any case) on re-import, syncing stated roles and keeping unstated values', async () => {
    const same = await importUsers(
      ctx,
      { csv: csv('li.na,Li Na,li.na@example.com,zh-CN,east,salesRep@east,another-password', 'wang.wei,Wang Wei,,,hq,salesManager@company;salesRep@hq,') },
      (id) => id === 'salesRep' || id === 'salesManager',
    );
    expect(same).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 2 });
    const [liNa] = await database.db.select().from(users).where(eq(users.username, 'li.na'));
    expect(await verifyPassword(liNa!.passwordHash!, 'first-password-1')).toBe(true);

    const report = await importUsers(ctx, { csv: csv('LI.NA,Li Na (East),,,south,salesManager@south,', 'Wang.Wei,Wang Wei,wang@example.com,,hq,,') }, roles);
    expect(report).toMatchObject({ ok: true, created: 0, updated: 2, unchanged: 0 });
    const [moved] = await database.db.select().from(users).where(eq(users.id, liNa!.id));
    expect(moved).toMatchObject({ username: 'li.na', displayName: 'Li Na (East)', email: 'li.na@example.com', locale: 'zh-CN' });
    expect(await rolesOf('li.na')).toEqual(['salesManager@south']);
    const history = await database.db.select().from(roleAssignments).where(eq(roleAssignments.userId, liNa!.id)).orderBy(asc(roleAssignments.createdAt));
    expect(history.map((a) => [a.roleId, a.retiredAt === null])).toEqual([
      ['salesRep', false],
      ['salesManager', true],
    ]);
    expect(await rolesOf('wang.wei')).toEqual(['salesManager@company', 'salesRep@hq']);
    expect(await database.db.$count(users)).toBe(3);
  });

  it('reports every bad row with its row and column, and writes nothing', async () => {
    const closed = await createOrgUnit(ctx, { code: 'closed', name: { en: 'Closed' } });
    await retireOrgUnit(ctx, { unitId: closed.id });
    const before = await snapshot();
    const file = csv(
      'good.one,Good,,,east,,a-fine-password', //                 2
      'bad name,Spaces,,,east,,a-fine-password', //               3: invalid username
      'GOOD.ONE,Again,,,east,,a-fine-password', //                4: duplicate (case ignored)
      'no.display,,,,east,,a-fine-password', //                   5: no display name
      'bad.email,Bad Email,not-an-email,,east,,a-fine-password', // 6
      'bad.locale,Bad Locale,,fr,east,,a-fine-password', //       7
      'lost,Lost,,,atlantis,,a-fine-password', //                 8: unknown unit
      'closed.unit,Closed,,,closed,,a-fine-password', //          9: retired unit
      'nowhere,Nowhere,,,,,a-fine-password', //                   10: no unit
      'bad.role,Bad Role,,,east,pilot@east;salesRep,a-fine-password', // 11: unknown role, malformed entry
      'role.unit,Role Unit,,,east,salesRep@atlantis,a-fine-password', // 12: unknown unit in roles
      'no.password,No Password,,,east,,', //                      13
      'short,Short,,,east,,short', //                             14
      'li.na,Li Na,,,east,salesRep@east,x,extra', //              15: too many values
    );
    const report = await importUsers(ctx, { csv: file }, roles);
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual([
      '3 username org.user.invalid-username',
      '4 username org.import.duplicate-username',
      '5 display_name org.user.display-name-required',
      '6 email org.user.invalid-email',
      '7 locale org.user.invalid-locale',
      '8 org_unit_code org.unit.unknown',
      '9 org_unit_code org.unit.retired',
      '10 org_unit_code org.user.unit-required',
      '11 roles org.role.unknown-role',
      '11 roles org.import.invalid-role-assignment',
      '12 roles org.unit.unknown',
      '13 password org.user.password-required',
      '14 password auth.password.too-short',
      '15  org.import.column-count',
    ]);
    expect(report.errors.find((e) => e.row === 4)?.message).toContain('row 2');
    expect(await importUsers(ctx, { csv: file, dryRun: true }, roles)).toEqual({ ...report, dryRun: true });
    expect(await snapshot()).toEqual(before);

    const missing = await importUsers(ctx, { csv: 'username,display_name,org_unit_code\nx,X,east' }, roles);
    expect(missing.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual([
      '1 email org.import.missing-column',
      '1 locale org.import.missing-column',
      '1 roles org.import.missing-column',
      '1 password org.import.missing-column',
    ]);
  });

  it('counts on a dry run and writes nothing', async () => {
    const before = await snapshot();
    const report = await importUsers(ctx, { csv: csv('new.person,New Person,,,east,salesRep@east,a-fine-password', 'chen.jie,"Chen, Jie",,,east,,'), dryRun: true }, roles);
    expect(report).toEqual({ ok: true, dryRun: true, created: 1, updated: 1, unchanged: 0, errors: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('answers 403 to a caller without manageUsers, dry run included', async () => {
    for (const dryRun of [false, true]) {
      const error = await importUsers(testContext(database, ['publish']), { csv: csv('x,X,,,east,,a-fine-password'), dryRun }, roles).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect((error as OperationError).status).toBe(403);
    }
  });
});
