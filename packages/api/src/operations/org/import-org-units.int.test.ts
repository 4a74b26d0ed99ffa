import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childPath, openTestDatabase, orgUnits, rootPath, testEngine, type TestDatabase } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { createOrgUnit } from './create-org-unit.ts';
import { importOrgUnits } from './import-org-units.ts';
import { retireOrgUnit } from './retire-org-unit.ts';
import { testContext } from './lib/test-context.ts';

const header = 'code,parent_code,name_en,name_zh';
const csv = (...lines: string[]) => [header, ...lines].join('\n');

describe(`org units CSV import (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;
  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = testContext(database);
  });
  afterAll(() => database.close());

  const units = async () => {
    const rows = await database.db.select().from(orgUnits).orderBy(asc(orgUnits.code));
    return new Map(rows.map((r) => [r.code, r]));
  };
  const snapshot = () => database.rows(sql`select code, parent_id, path, name from org_units order by code`);
  /** Every unit's path is its parent's path plus its own id. */
  const expectConsistentPaths = async () => {
    const all = await units();
    const byId = new Map([...all.values()].map((u) => [u.id, u]));
    for (const unit of all.values()) {
      const parent = unit.parentId ? byId.get(unit.parentId) : undefined;
      expect(unit.path, unit.code).toBe(parent ? childPath(parent.path, unit.id) : rootPath(unit.id));
    }
  };

  it('creates a tree whose parents come after their children in the file', async () => {
    const report = await importOrgUnits(ctx, {
      csv: csv('east-1,east,East team 1,华东一组', 'east,company,East Region,华东区', 'company,,Acme,艾克米', 'south,company,South Region,'),
    });
    expect(report).toEqual({ ok: true, dryRun: false, created: 4, updated: 0, unchanged: 0, errors: [] });
    const all = await units();
    expect(all.get('east-1')!.parentId).toBe(all.get('east')!.id);
    expect(all.get('east')!.parentId).toBe(all.get('company')!.id);
    expect(all.get('south')!.name).toEqual({ en: 'South Region' });
    expect(all.get('east')!.name).toEqual({ en: 'East Region', 'zh-CN': '华东区' });
    await expectConsistentPaths();
  });

  it('updates known codes on re-import instead of duplicating them, moving subtrees when the parent changes', async () => {
    const again = await importOrgUnits(ctx, { csv: csv('company,,Acme,艾克米', 'east,company,East Region,华东区', 'east-1,east,East team 1,华东一组', 'south,company,South Region,') });
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 4 });
    expect((await units()).size).toBe(4);

    // east moves under a new unit "regions" that the file lists after it; south is renamed; an empty parent keeps the current one.
    const report = await importOrgUnits(ctx, { csv: csv('east,regions,East Region,华东区', 'south,,South,华南区', 'regions,company,Regions,大区') });
    expect(report).toMatchObject({ ok: true, created: 1, updated: 2, unchanged: 0 });
    const all = await units();
    expect(all.size).toBe(5);
    expect(all.get('east')!.parentId).toBe(all.get('regions')!.id);
    expect(all.get('east-1')!.path).toBe(`${all.get('regions')!.path}${all.get('east')!.id}/${all.get('east-1')!.id}/`);
    expect(all.get('south')!.parentId).toBe(all.get('company')!.id);
    expect(all.get('south')!.name).toEqual({ en: 'South', 'zh-CN': '华南区' });
    await expectConsistentPaths();
  });

  it('reports every bad row with its row and column, and writes nothing', async () => {
    const retired = await createOrgUnit(ctx, { code: 'closed', name: { en: 'Closed' } });
    await retireOrgUnit(ctx, { unitId: retired.id });
    const before = await snapshot();
    const file = csv(
      'good,company,Fine,', //              2: fine on its own
      'bad code,company,Spaces,', //       3
      'good,company,Again,', //            4: duplicate in the file
      'lost,atlantis,Lost,', //            5: unknown parent
      'loop-a,loop-b,A,', //               6: cycle a → b → a
      'loop-b,loop-a,B,', //               7
      'nameless,company,,', //             8: no English name
      'closed,company,Closed again,', //   9: a retired code
      'orphan,closed,Orphan,', //          10: a retired parent
      'company,east-1,Acme,', //           11: company under its own descendant
      'wide,company,Wide,,extra', //       12: too many values
      'self,self,Self,', //                13: its own parent
    );
    const report = await importOrgUnits(ctx, { csv: file });
    expect(report.ok).toBe(false);
    expect([report.created, report.updated, report.unchanged]).toEqual([0, 0, 0]);
    expect(report.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual([
      '3 code org.unit.invalid-code',
      '4 code org.import.duplicate-code',
      '5 parent_code org.unit.unknown',
      '6 parent_code org.import.cycle',
      '7 parent_code org.import.cycle',
      '8 name_en org.unit.name-required',
      '9 code org.unit.retired',
      '10 parent_code org.unit.retired',
      '11 parent_code org.import.cycle',
      '12  org.import.column-count',
      '13 parent_code org.import.cycle',
    ]);
    expect(report.errors.find((e) => e.row === 6)?.message).toBe('Parent codes form a cycle: loop-a → loop-b → loop-a.');
    expect(report.errors.find((e) => e.row === 11)?.message).toMatch(/company → east-1 → east → regions → company|east-1 → east → regions → company → east-1/);
    expect(report.errors.find((e) => e.row === 4)?.message).toContain('row 2');
    expect(await importOrgUnits(ctx, { csv: file, dryRun: true })).toEqual({ ...report, dryRun: true });
    expect(await snapshot()).toEqual(before);
  });

  it('reports a missing column and broken CSV on their rows', async () => {
    const missing = await importOrgUnits(ctx, { csv: 'code,name_en\nx,X\n' });
    expect(missing.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual(['1 parent_code org.import.missing-column', '1 name_zh org.import.missing-column']);
    const broken = await importOrgUnits(ctx, { csv: csv('x,,X,', 'y,,"Y,') });
    expect(broken.errors).toMatchObject([{ row: 3, code: 'org.import.csv-syntax' }]);
  });

  it('counts on a dry run and writes nothing', async () => {
    const before = await snapshot();
    const report = await importOrgUnits(ctx, { csv: csv('north,regions,North Region,华北区', 'south,company,South Region,华南区', 'company,,Acme,艾克米') });
    expect(report).toEqual({ ok: true, dryRun: false, created: 1, updated: 1, unchanged: 1, errors: [] });
    const after = await snapshot();
    await database.db.delete(orgUnits).where(eq(orgUnits.code, 'north'));
    await database.db.update(orgUnits).set({ name: { en: 'South', 'zh-CN': '华南区' } }).where(eq(orgUnits.code, 'south'));
    expect(await snapshot()).toEqual(before);
    const dry = await importOrgUnits(ctx, { csv: csv('north,regions,North Region,华北区', 'south,company,South Region,华南区', 'company,,Acme,艾克米'), dryRun: true });
    expect(dry).toEqual({ ...report, dryRun: true });
    expect(await snapshot()).toEqual(before);
    expect(after).not.toEqual(before);
  });

  it('answers 403 to a caller without manageUsers, dry run included', async () => {
    for (const dryRun of [false, true]) {
      const error = await importOrgUnits(testContext(database, ['editDrafts']), { csv: csv('x,,X,'), dryRun }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OperationError);
      expect((error as OperationError).status).toBe(403);
    }
  });
});
