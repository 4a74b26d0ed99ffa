import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { buildPendingIndexes } from './index-builds.ts';
import { publishPackage } from './publish-package.ts';
import { configPackage, edited, field, fieldOf, object } from './testing/packages.ts';
import { insertRecords, versionPhysical } from './testing/records.ts';

const base = configPackage([object('lead', [field('name', 'text'), field('email', 'text')])]);
const indexed = edited(base, (d) => Object.assign(fieldOf(d, 'lead', 'name'), { indexed: true }));
const unique = edited(indexed, (d) => Object.assign(fieldOf(d, 'lead', 'email'), { unique: true }));

const statuses = (database: TestDatabase) => database.rows(sql`SELECT spec->'columns'->0->>'column' AS "column", status FROM record_indexes WHERE table_name = 'lead' AND spec->>'reasons' NOT LIKE '%record scope%' ORDER BY 1`);

describe(`indexes on tables with rows (${testEngine()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
    await publishPackage(database, base);
    await insertRecords(database, await versionPhysical(database, 1), 'lead', [{ name: 'a', email: 'a@x.cn' }, { name: 'b', email: 'b@x.cn' }]);
  });
  afterAll(() => database.close());

  if (testEngine() === 'pglite') {
    it('are built inside the publish transaction on PGlite, whatever the table size (PGlite only)', async () => {
      const result = await publishPackage(database, indexed, { concurrentIndexThreshold: 0 });
      expect(result.pendingIndexes).toEqual([]);
      expect(await statuses(database)).toEqual([{ column: 'name', status: 'ready' }]);
    });
    return;
  }

  it('are built CONCURRENTLY after the commit on large tables, the version being in force meanwhile (PostgreSQL only)', async () => {
    const result = await publishPackage(database, indexed, { concurrentIndexThreshold: 1, indexBuilds: 'leave' });
    expect(result.pendingIndexes).toHaveLength(1);
    expect(await database.rows(sql`SELECT version_id FROM rollout_assignments`)).toEqual([{ version_id: 2 }]);
    expect(await statuses(database)).toEqual([{ column: 'name', status: 'pending' }]);
    const reports = await buildPendingIndexes(database);
    expect(reports).toEqual([expect.objectContaining({ name: result.pendingIndexes[0], status: 'ready' })]);
    expect(await statuses(database)).toEqual([{ column: 'name', status: 'ready' }]);
    expect(await database.rows(sql`SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = ${result.pendingIndexes[0]}`)).toEqual([{ indisvalid: true }]);
    expect(await database.rows(sql`SELECT status FROM publish_tasks WHERE kind = 'buildIndex'`)).toEqual([{ status: 'done' }]);
  });

  it('records a build that fails (a duplicate written meanwhile) and builds it again once fixed (PostgreSQL only)', async () => {
    const result = await publishPackage(database, unique, { concurrentIndexThreshold: 1, indexBuilds: 'leave' });
    await insertRecords(database, await versionPhysical(database, 3), 'lead', [{ name: 'c', email: 'a@x.cn' }]);
    const [report] = await buildPendingIndexes(database);
    expect(report).toMatchObject({ status: 'failed', error: expect.stringContaining('duplicate') });
    expect(await database.rows(sql`SELECT 1 FROM pg_class WHERE relname = ${result.pendingIndexes[0]}`)).toEqual([]);
    await expect(publishPackage(database, edited(unique, (d) => (d.name.en = 'retry')), { concurrentIndexThreshold: 1 })).rejects.toMatchObject({ code: 'config.publish.refused' });
    await database.db.execute(sql`UPDATE rec.lead SET email = 'c@x.cn' WHERE name = 'c'`);
    const retry = await publishPackage(database, edited(unique, (d) => (d.name.en = 'retry')), { concurrentIndexThreshold: 1 });
    expect(retry.indexBuilds).toEqual([expect.objectContaining({ status: 'ready' })]);
    expect(await statuses(database)).toEqual([
      { column: 'email', status: 'ready' },
      { column: 'name', status: 'ready' },
    ]);
  });
});
