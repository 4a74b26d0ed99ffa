import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase, orgUnits, testEngine, unitAndBelow, users, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { OperationError } from '../../errors.ts';
import { verifyPassword } from '../../auth/passwords.ts';
import { seedDemo } from './seed-demo.ts';
import { testContext } from './lib/test-context.ts';

describe(`seedDemo (${testEngine()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const counts = () =>
    database.rows(sql`select (select count(*)::int from org_units) as units, (select count(*)::int from users) as users, (select count(*)::int from role_assignments) as assignments`);

  it('loads the demo organisation and one user per role of the main-line template, and changes nothing the second time', async () => {
    const ctx = testContext(database, ['admin']);
    const pkg = loadTemplate('main-line');
    const logins = await seedDemo(ctx, pkg);
    expect(logins.map((l) => [l.username, l.roles.join(';'), l.unit, l.password])).toEqual([
      ['admin', '', 'company', 'demo'],
      ['analyst', '', 'hq', 'demo'],
      ['marketing', 'marketing@hq', 'hq', 'demo'],
      ['sales-rep', 'salesRep@east', 'east', 'demo'],
      ['sales-manager', 'salesManager@company', 'hq', 'demo'],
      ['service-agent', 'serviceAgent@south', 'south', 'demo'],
      ['service-manager', 'serviceManager@company', 'hq', 'demo'],
      ['sales-ops', 'salesOps@hq', 'hq', 'demo'],
    ]);
    expect(logins.length).toBe(pkg.roles.length + 2);
    expect(logins[0]!.permissions).toEqual(['admin', 'editDrafts', 'publish', 'manageUsers']);
    expect(logins[1]!.permissions).toEqual(['editDrafts', 'publish']);
    expect(logins.find((l) => l.username === 'sales-rep')!.displayName).toBe('Sales representative');

    const [rep] = await database.db.select().from(users).where(sql`${users.username} = 'sales-rep'`);
    expect(rep!.mustChangePassword).toBe(false);
    expect(await verifyPassword(rep!.passwordHash!, 'demo')).toBe(true);

    const before = await counts();
    const again = await seedDemo(ctx, pkg);
    expect(await counts()).toEqual(before);
    expect(again.map((l) => l.username)).toEqual(logins.map((l) => l.username));
    expect(again.every((l) => !l.created && l.password === null)).toBe(true);
  });

  it('puts HQ and the regions side by side, so a pilot at hq reaches nobody in the regions', async () => {
    const units = new Map((await database.db.select().from(orgUnits)).map((u) => [u.code, u]));
    const company = units.get('company')!;
    expect(company.parentId).toBeNull();
    for (const code of ['hq', 'east', 'south']) expect(units.get(code)!.parentId, code).toBe(company.id);
    expect(units.get('hq')!.name).toEqual({ en: 'Headquarters', 'zh-CN': '总部' });
    expect(units.get('east')!.name).toEqual({ en: 'East Region', 'zh-CN': '华东区' });
    expect(units.get('south')!.name).toEqual({ en: 'South Region', 'zh-CN': '华南区' });
    const pilot = await unitAndBelow(database.db, units.get('hq')!.id);
    expect(pilot!.ids).toEqual([units.get('hq')!.id]);
    const inPilot = await database.db.select({ username: users.username }).from(users).where(pilot!.condition(users.orgUnitId));
    expect(inPilot.map((u) => u.username).sort()).toEqual(['analyst', 'marketing', 'sales-manager', 'sales-ops', 'service-manager']);
  });

  it('adds the roles of another template, the password from MAINLINE_DEMO_PASSWORD', async () => {
    vi.stubEnv('MAINLINE_DEMO_PASSWORD', 'letmein');
    try {
      const logins = await seedDemo(testContext(database, ['admin']), loadTemplate('promotion-management'));
      const byName = new Map(logins.map((l) => [l.username, l]));
      expect(byName.get('promoter')).toMatchObject({ created: true, password: 'letmein', roles: ['promoter@east'], unit: 'east' });
      // The template's "analyst" role goes to the existing analyst user, who keeps their password.
      expect(byName.get('analyst')).toMatchObject({ created: false, password: null, roles: ['analyst@hq'] });
      const [promoter] = await database.db.select().from(users).where(sql`${users.username} = 'promoter'`);
      expect(await verifyPassword(promoter!.passwordHash!, 'letmein')).toBe(true);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('needs manageUsers, and admin rights to create the admin', async () => {
    const pkg = loadTemplate('main-line');
    for (const [permissions, status] of [[[], 403], [['editDrafts', 'publish'], 403], [['manageUsers'], 403]] as const) {
      const error = await seedDemo(testContext(database, [...permissions]), pkg).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect((error as OperationError).status).toBe(status);
    }
  });
});
