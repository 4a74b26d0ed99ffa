import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPath, openTestDatabase, orgUnits, roleAssignments, rootPath, testEngine, users, type TestDatabase } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { createOrgUnit } from './create-org-unit.ts';
import { listOrgUnits } from './list-org-units.ts';
import { moveOrgUnit } from './move-org-unit.ts';
import { retireOrgUnit } from './retire-org-unit.ts';
import { testContext } from './lib/test-context.ts';

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

describe(`org unit operations (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;
  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = testContext(database);
  });
  afterAll(() => database.close());

  const pathOf = async (id: string) => (await database.db.select().from(orgUnits).where(eq(orgUnits.id, id)))[0]!.path;

  it('creates units under parents with paths from the top', async () => {
    const company = await createOrgUnit(ctx, { code: 'acme', name: { en: 'Acme', 'zh-CN': '艾克米' } });
    const sales = await createOrgUnit(ctx, { code: 'sales', name: { en: 'Sales' }, parentId: company.id });
    expect(company.path).toBe(rootPath(company.id));
    expect(sales.path).toBe(childPath(company.path, sales.id));
    expect(sales.name).toEqual({ en: 'Sales' });
  });

  it('refuses a duplicate code, bad input and an unknown parent, with pointers', async () => {
    const duplicate = await failure(createOrgUnit(ctx, { code: 'acme', name: { en: 'Again' } }));
    expect([duplicate.status, duplicate.code, duplicate.problems[0]?.pointer]).toEqual([409, 'org.unit.duplicate-code', '/code']);
    const bad = await failure(createOrgUnit(ctx, { code: 'no spaces', name: { en: ' ' } }));
    expect(bad.status).toBe(422);
    expect(bad.problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/code', 'org.unit.invalid-code'],
      ['/name/en', 'org.unit.name-required'],
    ]);
    const orphan = await failure(createOrgUnit(ctx, { code: 'orphan', name: { en: 'Orphan' }, parentId: '00000000-0000-4000-8000-000000000000' }));
    expect([orphan.status, orphan.code, orphan.problems[0]?.pointer]).toEqual([422, 'org.unit.unknown', '/parentId']);
    const notAnId = await failure(createOrgUnit(ctx, { code: 'orphan', name: { en: 'Orphan' }, parentId: 'sales' }));
    expect(notAnId.code).toBe('org.unit.unknown');
  });

  it('moves a unit with its whole subtree and refuses cycles', async () => {
    const top = await createOrgUnit(ctx, { code: 'm-top', name: { en: 'Top' } });
    const a = await createOrgUnit(ctx, { code: 'm-a', name: { en: 'A' }, parentId: top.id });
    const a1 = await createOrgUnit(ctx, { code: 'm-a1', name: { en: 'A1' }, parentId: a.id });
    const a11 = await createOrgUnit(ctx, { code: 'm-a11', name: { en: 'A11' }, parentId: a1.id });
    const b = await createOrgUnit(ctx, { code: 'm-b', name: { en: 'B' }, parentId: top.id });

    const result = await moveOrgUnit(ctx, { unitId: a.id, newParentId: b.id });
    expect(result.moved).toBe(3);
    expect(result.unit.parentId).toBe(b.id);
    expect(await pathOf(a.id)).toBe(`${b.path}${a.id}/`);
    expect(await pathOf(a1.id)).toBe(`${b.path}${a.id}/${a1.id}/`);
    expect(await pathOf(a11.id)).toBe(`${b.path}${a.id}/${a1.id}/${a11.id}/`);
    expect((await database.db.select().from(orgUnits).where(eq(orgUnits.id, a1.id)))[0]!.parentId).toBe(a.id);

    const underChild = await failure(moveOrgUnit(ctx, { unitId: a.id, newParentId: a11.id }));
    expect([underChild.status, underChild.code, underChild.problems[0]?.pointer]).toEqual([409, 'org.unit.cycle', '/newParentId']);
    expect(underChild.message).toContain('m-a11');
    const underItself = await failure(moveOrgUnit(ctx, { unitId: a.id, newParentId: a.id }));
    expect(underItself.code).toBe('org.unit.cycle');
    expect(await pathOf(a11.id)).toBe(`${b.path}${a.id}/${a1.id}/${a11.id}/`);

    expect((await moveOrgUnit(ctx, { unitId: a.id, newParentId: b.id })).moved).toBe(0);
    const toTop = await moveOrgUnit(ctx, { unitId: a1.id, newParentId: null });
    expect(toTop.unit.path).toBe(rootPath(a1.id));
    expect(await pathOf(a11.id)).toBe(`/${a1.id}/${a11.id}/`);
    expect((await failure(moveOrgUnit(ctx, { unitId: '00000000-0000-4000-8000-000000000000', newParentId: null }))).status).toBe(404);
  });

  it('lets only one of two crossing moves through, leaving no cycle', async () => {
    const x = await createOrgUnit(ctx, { code: 'c-x', name: { en: 'X' } });
    const y = await createOrgUnit(ctx, { code: 'c-y', name: { en: 'Y' } });
    const results = await Promise.allSettled([moveOrgUnit(ctx, { unitId: x.id, newParentId: y.id }), moveOrgUnit(ctx, { unitId: y.id, newParentId: x.id })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: 'org.unit.cycle' });
    const [px, py] = [await pathOf(x.id), await pathOf(y.id)];
    expect(px.startsWith(py) !== py.startsWith(px)).toBe(true);
  });

  it('refuses to retire a unit with users, role assignments or children, saying how many', async () => {
    const parent = await createOrgUnit(ctx, { code: 'r-parent', name: { en: 'Parent' } });
    const child = await createOrgUnit(ctx, { code: 'r-child', name: { en: 'Child' }, parentId: parent.id });
    const [alice] = await database.db.insert(users).values({ username: 'r-alice', displayName: 'Alice', orgUnitId: parent.id }).returning();
    const [bob] = await database.db.insert(users).values({ username: 'r-bob', displayName: 'Bob', orgUnitId: parent.id }).returning();
    await database.db.insert(roleAssignments).values({ userId: alice!.id, roleId: 'salesRep', orgUnitId: parent.id });

    const inUse = await failure(retireOrgUnit(ctx, { unitId: parent.id }));
    expect([inUse.status, inUse.code]).toEqual([409, 'org.unit.in-use']);
    expect(inUse.details).toEqual({ users: 2, assignments: 1, children: 1 });
    expect(inUse.message).toBe('Org unit "r-parent" still has 2 users, 1 role assignment and 1 child unit; move or retire them first.');

    await retireOrgUnit(ctx, { unitId: child.id });
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, bob!.id));
    const stillAlice = await failure(retireOrgUnit(ctx, { unitId: parent.id }));
    expect(stillAlice.details).toEqual({ users: 1, assignments: 1, children: 0 });
    await database.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, alice!.id));
    const retired = await retireOrgUnit(ctx, { unitId: parent.id });
    expect(retired.retiredAt).toBeInstanceOf(Date);

    const underRetired = await failure(createOrgUnit(ctx, { code: 'r-late', name: { en: 'Late' }, parentId: parent.id }));
    expect([underRetired.code, underRetired.problems[0]?.pointer]).toEqual(['org.unit.retired', '/parentId']);
    expect((await failure(moveOrgUnit(ctx, { unitId: parent.id, newParentId: null }))).code).toBe('org.unit.retired');
    expect((await failure(createOrgUnit(ctx, { code: 'r-child', name: { en: 'Reused' } }))).code).toBe('org.unit.duplicate-code');
  });

  it('lists the tree, live units only unless asked', async () => {
    const tree = await listOrgUnits(testContext(database, []));
    const acme = tree.find((n) => n.code === 'acme');
    expect(acme?.children.map((n) => n.code)).toEqual(['sales']);
    expect(tree.some((n) => n.code === 'r-parent')).toBe(false);
    const all = await listOrgUnits(ctx, { includeRetired: true });
    expect(all.find((n) => n.code === 'r-parent')?.children.map((n) => n.code)).toEqual(['r-child']);
    const top = tree.find((n) => n.code === 'm-top')!;
    const subtree = await listOrgUnits(ctx, { rootId: top.id });
    expect(subtree.map((n) => n.code)).toEqual(['m-top']);
    expect(subtree[0]?.children[0]?.children[0]?.code).toBe('m-a');
  });

  it('answers 403 to a caller without manageUsers, for every write', async () => {
    const [unit] = await database.db.select().from(orgUnits).where(eq(orgUnits.code, 'acme'));
    for (const permissions of [[], ['editDrafts', 'publish']] as const) {
      const caller = testContext(database, [...permissions]);
      const writes = [
        () => createOrgUnit(caller, { code: 'nope', name: { en: 'Nope' } }),
        () => moveOrgUnit(caller, { unitId: unit!.id, newParentId: null }),
        () => retireOrgUnit(caller, { unitId: unit!.id }),
      ];
      for (const write of writes) {
        const error = await failure(write());
        expect([error.status, error.code]).toEqual([403, 'auth.forbidden']);
      }
    }
    expect(await database.db.select().from(orgUnits).where(eq(orgUnits.code, 'nope'))).toEqual([]);
  });
});
