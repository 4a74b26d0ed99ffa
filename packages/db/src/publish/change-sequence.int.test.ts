import type { ConfigPackage } from '@mainline/model';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { publishPackage } from './publish-package.ts';
import { rollback } from './rollback.ts';
import { configPackage, edited, field, fieldOf, object, objectOf } from './testing/packages.ts';
import { insertRecords, readRecords, versionPhysical } from './testing/records.ts';

type Row = Record<string, unknown>;

/**
 * A realistic run of changes on an object holding data — add, rename, retire, re-add, change
 * type, add a required field, add a unique one — with a model of what every record must hold
 * after each step. Any value lost or altered otherwise fails the comparison.
 */
describe(`a sequence of changes with data present loses no value (${testEngine()})`, () => {
  let database: TestDatabase;
  let current: ConfigPackage;
  let version = 0;
  const model = new Map<string, Row>();
  const numeric = new Set(['value']);

  const canon = (row: Row): Row => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, numeric.has(k) && v !== null && v !== undefined ? Number(v) : v]));
  async function publish(next: ConfigPackage): Promise<void> {
    const result = await publishPackage(database, next);
    expect(result.applied).toBe(true);
    version = result.versionId!;
    current = next;
  }
  async function expectModel(): Promise<void> {
    const rows = await readRecords(database, await versionPhysical(database, version), 'opportunity');
    const fieldIds = objectOf(current, 'opportunity').fields.map((f) => f.id);
    const expected = [...model.entries()]
      .map(([id, row]) => canon({ id, ...Object.fromEntries(fieldIds.map((f) => [f, row[f] ?? null])) }))
      .sort((a, b) => String(a.id).localeCompare(String(b.id)));
    expect(rows.map(canon).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(expected);
  }
  async function add(rows: Row[]): Promise<void> {
    const ids = await insertRecords(database, await versionPhysical(database, version), 'opportunity', rows);
    ids.forEach((id, i) => model.set(id, { ...rows[i] }));
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    current = configPackage([object('opportunity', [field('name', 'text'), field('amount', 'text'), field('stage', 'choice'), field('note', 'longText'), field('email', 'text')])]);
    await publish(current);
    await add(
      Array.from({ length: 30 }, (_, i) => ({
        name: `Deal ${i}`,
        amount: i % 7 === 0 ? null : i === 13 ? 'n/a' : `${i * 100}.${i % 10}0`,
        stage: ['a', 'b', 'c'][i % 3],
        note: i % 4 === 0 ? null : `note ${i}`,
        email: i === 21 ? 'deal3@example.test' : `deal${i}@example.test`,
      })),
    );
  });
  afterAll(() => database.close());

  it('1. adds a field and an object', async () => {
    await publish(edited(current, (d) => {
      objectOf(d, 'opportunity').fields.push(field('probability', 'percent'));
      d.objects.push(object('task', [field('subject', 'text'), field('opportunity', 'reference', { target: 'opportunity' })]));
    }));
    await expectModel();
    const [first] = [...model.keys()];
    await database.db.execute(sql`UPDATE rec.opportunity SET probability = 0.4 WHERE id = ${first}`);
    model.get(first!)!.probability = 0.4;
    await expectModel();
  });

  it('2. renames fields (metadata only)', async () => {
    await publish(edited(current, (d) => {
      Object.assign(fieldOf(d, 'opportunity', 'amount'), { id: 'value', renamedFrom: 'amount' });
      Object.assign(fieldOf(d, 'opportunity', 'stage'), { id: 'phase', renamedFrom: 'stage' });
    }));
    for (const row of model.values()) [row.value, row.phase] = [row.amount, row.stage];
    await expectModel();
  });

  it('3. retires a field, and records are written without it', async () => {
    await publish(edited(current, (d) => (objectOf(d, 'opportunity').fields = objectOf(d, 'opportunity').fields.filter((f) => f.id !== 'note'))));
    await add([{ name: 'Written without note', value: '5', phase: 'a', email: 'late@example.test' }]);
    await expectModel();
  });

  it('4. adds the field again: the old values are back', async () => {
    await publish(edited(current, (d) => objectOf(d, 'opportunity').fields.splice(3, 0, field('note', 'longText'))));
    await expectModel();
    expect([...model.values()].filter((r) => typeof r.note === 'string')).toHaveLength(22);
  });

  it('5. changes a type once the values that cannot take it are fixed', async () => {
    const toCurrency = edited(current, (d) => Object.assign(fieldOf(d, 'opportunity', 'value'), { type: 'currency' }));
    await expect(publishPackage(database, toCurrency)).rejects.toMatchObject({ code: 'config.publish.refused' });
    await expectModel();
    await database.db.execute(sql`UPDATE rec.opportunity SET amount = NULL WHERE amount = 'n/a'`);
    for (const row of model.values()) if (row.value === 'n/a') row.value = null;
    await publish(toCurrency);
    await expectModel();
    await publish(edited(current, (d) => Object.assign(fieldOf(d, 'opportunity', 'phase'), { type: 'multiChoice' })));
    for (const row of model.values()) row.phase = row.phase === null || row.phase === undefined ? null : [row.phase];
    await expectModel();
  });

  it('6. adds a required field, filling existing records from its default', async () => {
    await publish(edited(current, (d) => objectOf(d, 'opportunity').fields.push(field('priority', 'choice', { required: true, default: 'b' }))));
    for (const row of model.values()) row.priority = 'b';
    await expectModel();
  });

  it('7. adds a unique field once the duplicates are gone', async () => {
    const unique = edited(current, (d) => Object.assign(fieldOf(d, 'opportunity', 'email'), { unique: true }));
    await expect(publishPackage(database, unique)).rejects.toMatchObject({ code: 'config.publish.refused' });
    const duplicate = [...model.entries()].find(([, r]) => r.name === 'Deal 21')![0];
    await database.db.execute(sql`UPDATE rec.opportunity SET email = 'deal21@example.test' WHERE id = ${duplicate}`);
    model.get(duplicate)!.email = 'deal21@example.test';
    await publish(unique);
    await expectModel();
    await expect(insertRecords(database, await versionPhysical(database, version), 'opportunity', [{ name: 'dup', email: 'deal1@example.test' }])).rejects.toThrow();
  });

  it('8. rolls the last changes back without losing a value', async () => {
    await rollback(database);
    await rollback(database);
    version -= 2;
    current = (await database.rows<{ package: ConfigPackage }>(sql`SELECT package FROM config_versions WHERE id = ${version}`))[0]!.package;
    for (const row of model.values()) delete row.priority;
    await expectModel();
    const [priority] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM rec.opportunity WHERE priority = 'b'`);
    expect(priority!.n).toBe(model.size); // the retired column keeps its values
  });
});
