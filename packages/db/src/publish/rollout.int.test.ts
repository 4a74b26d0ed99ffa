import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { previewPublish } from './preview.ts';
import { publishPackage } from './publish-package.ts';
import { rollback } from './rollback.ts';
import { extendRollout, promoteRollout } from './rollout/change-rollout.ts';
import { configPackage, edited, field, fieldOf, object, objectOf } from './testing/packages.ts';
import { insertOrgUnit, insertRecords, readRecords, versionPhysical } from './testing/records.ts';
import { VersionRegistry } from './version-registry.ts';

const v1Package = configPackage([object('lead', [field('name', 'text'), field('notes', 'longText'), field('budget', 'text')])]);
const v2Package = edited(v1Package, (d) => {
  objectOf(d, 'lead').fields = objectOf(d, 'lead').fields.filter((f) => f.id !== 'notes');
  objectOf(d, 'lead').fields.push(field('region', 'choice', { indexed: true }));
  Object.assign(fieldOf(d, 'lead', 'name'), { id: 'fullName', renamedFrom: 'name' });
});
const typeChange = edited(v1Package, (d) => Object.assign(fieldOf(d, 'lead', 'budget'), { type: 'number' }));

describe(`staged rollout (${testEngine()})`, () => {
  let database: TestDatabase;
  let registry: VersionRegistry;
  const units: Record<string, { id: string; path: string }> = {};
  const assignments = async () => Object.fromEntries((await database.rows<{ unit_key: string; version_id: number }>(sql`SELECT unit_key, version_id FROM rollout_assignments`)).map((r) => [r.unit_key, r.version_id]));
  const versionOf = async (unit: string | null) => {
    await registry.reload();
    return (await registry.versionForUnit(unit === null ? null : units[unit]!.id))?.id ?? null;
  };

  beforeAll(async () => {
    database = await openTestDatabase();
    units.root = await insertOrgUnit(database, 'root', null);
    units.hq = await insertOrgUnit(database, 'hq', units.root.path);
    units.hqSales = await insertOrgUnit(database, 'hq-sales', units.hq.path);
    units.east = await insertOrgUnit(database, 'east', units.root.path);
    units.eastTeam = await insertOrgUnit(database, 'east-team', units.east.path);
    units.west = await insertOrgUnit(database, 'west', units.root.path);
    registry = await VersionRegistry.open(database, { listen: false, pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await registry.close();
    await database.close();
  });

  it('publishes to pilot units first: users work in the version of their nearest unit that has one', async () => {
    await publishPackage(database, v1Package);
    const pilot = await publishPackage(database, v2Package, { to: { kind: 'units', units: [units.hq!.id] } });
    expect(pilot.assignments).toEqual({ '*': 1, [units.hq!.id]: 2 });
    expect(await versionOf('hq')).toBe(2);
    expect(await versionOf('hqSales')).toBe(2);
    expect(await versionOf('east')).toBe(1);
    expect(await versionOf(null)).toBe(1);
  });

  it('runs the pilot and the old version side by side on the union of their columns', async () => {
    const [v1, v2] = [await versionPhysical(database, 1), await versionPhysical(database, 2)];
    await insertRecords(database, v1, 'lead', [{ name: 'Old way', notes: 'kept', budget: '10' }]);
    await insertRecords(database, v2, 'lead', [{ fullName: 'New way', region: 'a', budget: '20' }]);
    expect(await readRecords(database, v1, 'lead', 'budget')).toEqual([
      { id: expect.any(String), name: 'Old way', notes: 'kept', budget: '10' },
      { id: expect.any(String), name: 'New way', notes: null, budget: '20' },
    ]);
    expect(await readRecords(database, v2, 'lead', 'budget')).toEqual([
      { id: expect.any(String), fullName: 'Old way', budget: '10', region: null },
      { id: expect.any(String), fullName: 'New way', budget: '20', region: 'a' },
    ]);
  });

  it('refuses to pilot a version that changes a type, and its plan says why', async () => {
    const preview = await previewPublish(database, typeChange, { to: { kind: 'units', units: [units.west!.id] } });
    expect(preview.plan.pilotAllowed).toBe(false);
    expect(preview.plan.blockers.map((b) => b.code)).toEqual(['publish.pilot.cannot-coexist']);
    await expect(publishPackage(database, typeChange, { to: { kind: 'units', units: [units.west!.id] } })).rejects.toMatchObject({ code: 'config.publish.blocked' });
    await expect(publishPackage(database, v2Package, { to: { kind: 'units', units: ['00000000-0000-0000-0000-000000000000', 'nonsense'] } })).rejects.toMatchObject({
      code: 'config.rollout.unknown-unit',
    });
  });

  it('extends the pilot unit by unit, then promotes it to everyone', async () => {
    await extendRollout(database, 2, [units.east!.id]);
    expect(await versionOf('eastTeam')).toBe(2);
    expect(await versionOf('west')).toBe(1);
    const promoted = await promoteRollout(database, 2);
    expect(promoted.assignments).toEqual({ '*': 2 });
    expect(promoted.plan.leaving).toEqual([1]);
    expect(await versionOf('west')).toBe(2);
    expect(await database.rows(sql`SELECT column_name, retired_at IS NOT NULL AS retired FROM record_columns WHERE table_name = 'lead' ORDER BY 1`)).toEqual([
      { column_name: 'budget', retired: false },
      { column_name: 'name', retired: false },
      { column_name: 'notes', retired: true },
      { column_name: 'region', retired: false },
    ]);
  });

  it('rolls back one step at a time, down to the first version but not past it', async () => {
    await rollback(database);
    expect(await assignments()).toEqual({ '*': 1, [units.hq!.id]: 2, [units.east!.id]: 2 });
    await rollback(database);
    expect(await assignments()).toEqual({ '*': 1, [units.hq!.id]: 2 });
    await rollback(database);
    expect(await assignments()).toEqual({ '*': 1 });
    expect(await versionOf('hq')).toBe(1);
    await expect(rollback(database)).rejects.toMatchObject({ code: 'config.rollback.no-previous-version' });
  });

  it('sends a type change to the whole organisation, and a rollback converts the column back', async () => {
    await database.db.execute(sql`UPDATE rec.lead SET budget = '15.5' WHERE budget = '10'`);
    const changed = await publishPackage(database, typeChange);
    expect(changed.assignments).toEqual({ '*': changed.versionId });
    expect(await database.rows(sql`SELECT data_type FROM information_schema.columns WHERE table_schema = 'rec' AND table_name = 'lead' AND column_name = 'budget'`)).toEqual([{ data_type: 'double precision' }]);
    await rollback(database);
    expect(await database.rows(sql`SELECT data_type FROM information_schema.columns WHERE table_schema = 'rec' AND table_name = 'lead' AND column_name = 'budget'`)).toEqual([{ data_type: 'text' }]);
    expect((await readRecords(database, await versionPhysical(database, 1), 'lead', 'budget')).map((r) => r.budget)).toEqual(['15.5', '20']);
    expect(await database.rows(sql`SELECT kind, undone_by IS NOT NULL AS undone FROM rollout_events ORDER BY id`)).toEqual([
      { kind: 'publish', undone: false },
      { kind: 'publish', undone: true },
      { kind: 'extend', undone: true },
      { kind: 'promote', undone: true },
      { kind: 'rollback', undone: false },
      { kind: 'rollback', undone: false },
      { kind: 'rollback', undone: false },
      { kind: 'publish', undone: true },
      { kind: 'rollback', undone: false },
    ]);
  });
});
