import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../connection/database.ts';
import { openDatabase } from '../connection/open-database.ts';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { publishPackage } from './publish-package.ts';
import { rollback } from './rollback.ts';
import { configPackage, edited, field, object, objectOf } from './testing/packages.ts';
import { insertOrgUnit } from './testing/records.ts';
import { VersionRegistry, type RolloutSnapshot } from './version-registry.ts';

const v1Package = configPackage([object('lead', [field('name', 'text')])]);
const v2Package = edited(v1Package, (d) => objectOf(d, 'lead').fields.push(field('source', 'text')));

describe(`version registry follows publishes through NOTIFY (${testEngine()})`, () => {
  let database: TestDatabase;
  /** On PostgreSQL a second pool and LISTEN connection, like a second server process; PGlite has one connection. */
  let other: Database;
  let first: VersionRegistry;
  let second: VersionRegistry;
  const changes: RolloutSnapshot[] = [];
  beforeAll(async () => {
    database = await openTestDatabase();
    other = database.url ? await openDatabase({ url: database.url, migrate: false, poolSize: 2 }) : database;
    first = await VersionRegistry.open(database, { pollIntervalMs: 0 });
    second = await VersionRegistry.open(other, { pollIntervalMs: 0 });
    second.onChange((snapshot) => changes.push(snapshot));
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    if (other !== database) await other.close();
    await database.close();
  });

  it('starts empty and picks up the first version without a restart or a reload call', async () => {
    expect(first.versionForPath(null)).toBeNull();
    await publishPackage(database, v1Package);
    await expect.poll(() => first.versionForPath(null)?.id, { timeout: 5000 }).toBe(1);
    await expect.poll(() => second.versionForPath(null)?.id, { timeout: 5000 }).toBe(1);
    expect(changes.map((c) => c.assignments)).toEqual([{ '*': 1 }]);
  });

  it('lets a running request finish on the version it started with', async () => {
    const held = second.versionForPath(null)!;
    await publishPackage(database, v2Package);
    await expect.poll(() => second.versionForPath(null)?.id, { timeout: 5000 }).toBe(2);
    await expect.poll(() => first.versionForPath(null)?.id, { timeout: 5000 }).toBe(2);
    expect(held.id).toBe(1);
    expect(held.package.objects[0]!.fields.map((f) => f.id)).toEqual(['name']);
    expect(() => (held.package.objects[0]!.fields as unknown[]).push('x')).toThrow(TypeError);
  });

  it('resolves pilot units by their path, and follows a rollback', async () => {
    const root = await insertOrgUnit(database, 'root', null);
    const hq = await insertOrgUnit(database, 'hq', root.path);
    const team = await insertOrgUnit(database, 'team', hq.path);
    await rollback(database);
    await expect.poll(() => second.versionForPath(null)?.id, { timeout: 5000 }).toBe(1);
    await publishPackage(database, edited(v2Package, (d) => (d.name.en = 'Pilot')), { to: { kind: 'units', units: [hq.id] } });
    await expect.poll(() => Object.keys(second.snapshot.assignments).length, { timeout: 5000 }).toBe(2);
    expect((await second.versionForUnit(team.id))?.id).toBe(3);
    expect((await second.versionForUnit(root.id))?.id).toBe(1);
    expect((await second.versionForUnit(null))?.id).toBe(1);
    expect((await second.version(2))?.id).toBe(2);
  });
});
