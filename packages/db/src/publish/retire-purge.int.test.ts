import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { previewPurge, purgeRetired } from './purge.ts';
import { publishPackage } from './publish-package.ts';
import { PublishError } from './publish-error.ts';
import { rollback } from './rollback.ts';
import { configPackage, edited, field, fieldOf, object, objectOf } from './testing/packages.ts';
import { insertRecords, readRecords, versionPhysical } from './testing/records.ts';

const base = configPackage([
  object('account', [field('name', 'text'), field('notes', 'longText'), field('score', 'number')]),
  object('visit', [field('subject', 'text'), field('account', 'reference', { target: 'account' })]),
]);
const withoutNotes = edited(base, (d) => (objectOf(d, 'account').fields = objectOf(d, 'account').fields.filter((f) => f.id !== 'notes')));
const withoutVisit = edited(withoutNotes, (d) => (d.objects = d.objects.filter((o) => o.id !== 'visit')));

async function columnsOf(database: TestDatabase, table: string): Promise<string[]> {
  const rows = await database.rows<{ column_name: string }>(sql`SELECT column_name FROM information_schema.columns WHERE table_schema = 'rec' AND table_name = ${table} ORDER BY ordinal_position`);
  return rows.map((r) => r.column_name);
}

describe(`retire, re-add and purge (${testEngine()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    await publishPackage(database, base);
    const v1 = await versionPhysical(database, 1);
    const [account] = await insertRecords(database, v1, 'account', [{ name: 'Acme', notes: 'prefers mornings', score: 7 }]);
    await insertRecords(database, v1, 'visit', [{ subject: 'kick-off', account }]);
  });
  afterAll(() => database.close());

  it('retiring a field keeps its column and data, hidden from the new version', async () => {
    const result = await publishPackage(database, withoutNotes);
    expect(result.plan.steps).toEqual([]);
    expect(await columnsOf(database, 'account')).toContain('notes');
    expect(await readRecords(database, await versionPhysical(database, 2), 'account')).toEqual([{ id: expect.any(String), name: 'Acme', score: 7 }]);
    expect(await database.rows(sql`SELECT retired_at IS NOT NULL AS retired FROM record_columns WHERE table_name = 'account' AND column_name = 'notes'`)).toEqual([{ retired: true }]);
  });

  it('adding the field again brings its data back', async () => {
    const result = await publishPackage(database, base);
    expect(result.plan.kind === 'publish' && result.plan.changes.objects[0]!.fields[0]!.change).toBe('readded');
    expect(await readRecords(database, await versionPhysical(database, result.versionId!), 'account')).toEqual([expect.objectContaining({ notes: 'prefers mornings' })]);
  });

  it('re-adding with another type converts the retired data, checked like any type change', async () => {
    await publishPackage(database, withoutNotes);
    const asNumber = edited(base, (d) => Object.assign(fieldOf(d, 'account', 'notes'), { type: 'number' }));
    const error = await publishPackage(database, asNumber).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).details.problems).toEqual([expect.objectContaining({ code: 'publish.check.type-change', count: 1 })]);
    // a retired column is in use by no version: it may change type even in a pilot-compatible way
    const asText = edited(base, (d) => Object.assign(fieldOf(d, 'account', 'notes'), { type: 'text' }));
    const result = await publishPackage(database, asText);
    expect(result.plan.kind === 'publish' && result.plan.pilotAllowed).toBe(true);
  });

  it('retiring an object keeps its table and rows', async () => {
    await publishPackage(database, withoutVisit);
    expect(await columnsOf(database, 'visit')).toContain('subject');
    expect(await database.rows(sql`SELECT subject FROM rec.visit`)).toEqual([{ subject: 'kick-off' }]);
  });

  it('purge needs an explicit confirmation, and refuses what a version in force uses', async () => {
    await expect(purgeRetired(database, { objectId: 'account', fieldId: 'notes' }, { confirm: false })).rejects.toMatchObject({ code: 'config.purge.confirmation-required' });
    await expect(previewPurge(database, { objectId: 'account', fieldId: 'name' })).rejects.toMatchObject({ code: 'config.purge.in-force' });
    await expect(previewPurge(database, { objectId: 'account' })).rejects.toMatchObject({ code: 'config.purge.in-force' });
    await expect(previewPurge(database, { objectId: 'nothing' })).rejects.toMatchObject({ code: 'config.purge.unknown' });
  });

  it('previews what a purge drops, with counts, then drops exactly that', async () => {
    const preview = await previewPurge(database, { objectId: 'account', fieldId: 'notes' });
    expect(preview).toMatchObject({ kind: 'columns', table: 'account', columns: ['notes'], rows: 1, values: 1, statements: ['ALTER TABLE "rec"."account" DROP COLUMN "notes"'] });
    expect(preview.versions).toEqual([1, 3, 5]);
    await purgeRetired(database, { objectId: 'account', fieldId: 'notes' }, { confirm: true, actor: { id: null, name: 'admin' } });
    expect(await columnsOf(database, 'account')).not.toContain('notes');
    expect(await database.rows(sql`SELECT 1 FROM record_columns WHERE table_name = 'account' AND column_name = 'notes'`)).toEqual([]);

    const table = await previewPurge(database, { objectId: 'visit' });
    expect(table).toMatchObject({ kind: 'table', table: 'visit', rows: 1, statements: ['DROP TABLE "rec"."visit" CASCADE'] });
    await purgeRetired(database, { objectId: 'visit' }, { confirm: true });
    expect(await database.rows(sql`SELECT 1 FROM information_schema.tables WHERE table_schema = 'rec' AND table_name = 'visit'`)).toEqual([]);
    expect(await database.rows(sql`SELECT action FROM audit_log WHERE action = 'config.purge'`)).toHaveLength(2);
  });

  it('rolling back to a version that mapped purged data brings back an empty table', async () => {
    await rollback(database);
    expect(await columnsOf(database, 'visit')).toEqual(expect.arrayContaining(['id', 'subject', 'account']));
    expect(await database.rows(sql`SELECT count(*)::int AS n FROM rec.visit`)).toEqual([{ n: 0 }]);
  });
});
