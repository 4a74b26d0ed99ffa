import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { publishPackage } from './publish-package.ts';
import { rollback } from './rollback.ts';
import { configPackage, edited, field, fieldOf, listView, object, objectOf } from './testing/packages.ts';
import { insertRecords, physicalSnapshot, readRecords, versionPhysical } from './testing/records.ts';
import { VersionRegistry } from './version-registry.ts';

const v1Package = configPackage(
  [
    object('account', [field('name', 'text', { indexed: true }), field('revenue', 'text'), field('legacy', 'text')]),
    object('contact', [field('fullName', 'text'), field('account', 'reference', { target: 'account' })]),
  ],
  { views: [listView('accounts', 'account', { columns: [{ field: 'name' }], sort: [{ field: 'revenue' }] } as never)] },
);
/** A change with every kind of step: new table, new and re-typed columns, foreign keys, backfill, index drop and create, recompute. */
const v2Package = edited(v1Package, (d) => {
  const account = objectOf(d, 'account');
  account.fields = account.fields.filter((f) => f.id !== 'legacy');
  Object.assign(fieldOf(d, 'account', 'revenue'), { type: 'currency' });
  Object.assign(fieldOf(d, 'account', 'name'), { indexed: false, unique: true });
  account.fields.push(
    field('tier', 'choice', { required: true, default: 'a', indexed: true }),
    field('revenueX2', 'formula', { expression: 'orElse(revenue, 0.0) * 2.0', resultType: 'currency' }),
    field('lastVisit', 'reference', { target: 'visit' }),
  );
  Object.assign(fieldOf(d, 'contact', 'fullName'), { id: 'name', renamedFrom: 'fullName' });
  d.objects.push(object('visit', [field('subject', 'text'), field('contact', 'reference', { target: 'contact' }), field('by', 'user')]));
  d.views = [];
});

describe(`a publish that fails at any step leaves the previous version fully in force (${testEngine()})`, () => {
  let database: TestDatabase;
  let registry: VersionRegistry;
  let data: unknown;
  beforeAll(async () => {
    database = await openTestDatabase();
    await publishPackage(database, v1Package);
    const v1 = await versionPhysical(database, 1);
    const [account] = await insertRecords(database, v1, 'account', [{ name: 'Acme', revenue: '1200.50', legacy: 'x' }, { name: 'Globex', revenue: '80' }]);
    await insertRecords(database, v1, 'contact', [{ fullName: 'Li Na', account }]);
    data = { accounts: await readRecords(database, v1, 'account', 'name'), contacts: await readRecords(database, v1, 'contact') };
    registry = await VersionRegistry.open(database, { pollIntervalMs: 0 });
  });
  afterAll(async () => {
    await registry.close();
    await database.close();
  });

  async function stepsOf(run: (beforeStep: (step: string) => void) => Promise<unknown>): Promise<string[]> {
    const steps: string[] = [];
    await expect(
      run((step) => {
        steps.push(step);
        if (step === 'notify') throw new Error('dry run');
      }),
    ).rejects.toThrow('dry run');
    return steps;
  }

  it('publish: every step', async () => {
    const steps = await stepsOf((beforeStep) => publishPackage(database, v2Package, { beforeStep }));
    for (const kind of ['createTable', 'addColumn', 'alterColumnType', 'addForeignKey', 'backfill', 'dropIndex', 'createIndex']) expect(steps.some((s) => s.startsWith(`${kind}:`))).toBe(true);
    expect(steps.slice(-7)).toEqual(['version', 'assignments', 'event', 'catalogue', 'tasks', 'audit', 'notify']);
    const before = await physicalSnapshot(database);
    for (const failing of steps) {
      await expect(publishPackage(database, v2Package, { beforeStep: (step) => void (step === failing && (() => { throw new Error(`injected at ${step}`); })()) })).rejects.toThrow(`injected at ${failing}`);
      expect({ failing, snapshot: await physicalSnapshot(database) }).toEqual({ failing, snapshot: before });
      const v1 = await versionPhysical(database, 1);
      expect({ accounts: await readRecords(database, v1, 'account', 'name'), contacts: await readRecords(database, v1, 'contact') }).toEqual(data);
      await registry.reload();
      expect(registry.versionForPath(null)?.id).toBe(1);
    }
    const published = await publishPackage(database, v2Package);
    expect(published.versionId).toBe(2);
    await expect.poll(() => registry.versionForPath(null)?.id, { timeout: 5000 }).toBe(2);
  });

  it('rollback: every step (it converts a column back)', async () => {
    const steps = await stepsOf((beforeStep) => rollback(database, { beforeStep }));
    expect(steps.some((s) => s.startsWith('alterColumnType:'))).toBe(true);
    const before = await physicalSnapshot(database);
    for (const failing of steps) {
      await expect(rollback(database, { beforeStep: (step) => void (step === failing && (() => { throw new Error(`injected at ${step}`); })()) })).rejects.toThrow(`injected at ${failing}`);
      expect({ failing, snapshot: await physicalSnapshot(database) }).toEqual({ failing, snapshot: before });
    }
    await rollback(database);
    const v1 = await versionPhysical(database, 1);
    expect({ accounts: await readRecords(database, v1, 'account', 'name'), contacts: await readRecords(database, v1, 'contact') }).toEqual(data);
  });
});
