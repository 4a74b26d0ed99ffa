import { readFileSync } from 'node:fs';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { packageHash } from './package-hash.ts';
import { previewPublish } from './preview.ts';
import { publishPackage } from './publish-package.ts';
import { edited, fieldOf } from './testing/packages.ts';
import { insertRecords, readRecords, versionPhysical } from './testing/records.ts';

const mainLine = loadTemplate('main-line');

describe(`publishing the main-line template (${testEngine()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('builds one table per object in schema rec, with typed columns and system columns', async () => {
    const result = await publishPackage(database, mainLine, { message: 'first version', actor: { id: null, name: 'li.na' } });
    expect(result.applied).toBe(true);
    expect(result.assignments).toEqual({ '*': result.versionId });
    const tables = await database.rows<{ table_name: string }>(sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'rec' ORDER BY 1`);
    expect(tables.map((t) => t.table_name)).toEqual(mainLine.objects.map((o) => o.id).sort());
    const columns = await database.rows<{ column_name: string; data_type: string; is_nullable: string }>(
      sql`SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'rec' AND table_name = 'opportunity' ORDER BY ordinal_position`,
    );
    const types = Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]));
    expect(columns.slice(0, 9).map((c) => c.column_name)).toEqual(['id', 'owner', 'orgUnit', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'rowVersion', 'deletedAt']);
    expect(types).toMatchObject({ id: 'uuid', rowVersion: 'integer', deletedAt: 'timestamp with time zone', amount: 'numeric', probability: 'double precision', closeDate: 'date', stage: 'text', account: 'uuid' });
    // required is the application's to enforce: old and pilot versions share the columns
    expect(columns.find((c) => c.column_name === 'stage')!.is_nullable).toBe('YES');
  });

  it('stores the version immutably with its hash, author, message, time and mapping', async () => {
    const [version] = await database.rows<{ id: number; hash: string; message: string; author_name: string; created_at: unknown; physical: { objects: Record<string, unknown> } }>(
      sql`SELECT id, hash, message, author_name, created_at, physical FROM config_versions`,
    );
    expect(version).toMatchObject({ hash: packageHash(mainLine), message: 'first version', author_name: 'li.na' });
    expect(version!.created_at).toBeTruthy();
    expect(Object.keys(version!.physical.objects).sort()).toEqual(mainLine.objects.map((o) => o.id).sort());
  });

  it('makes foreign keys for references and user fields, and the indexes of the version', async () => {
    const fks = await database.rows<{ def: string }>(
      sql`SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'rec' AND t.relname = 'opportunity' AND c.contype = 'f'`,
    );
    expect(fks.map((f) => f.def)).toContain('FOREIGN KEY (account) REFERENCES rec.account(id) ON DELETE SET NULL');
    const unique = await database.rows<{ indexdef: string }>(sql`SELECT indexdef FROM pg_indexes WHERE schemaname = 'rec' AND tablename = 'account' AND indexdef LIKE 'CREATE UNIQUE%' AND indexname <> 'account_pkey'`);
    expect(unique.map((u) => u.indexdef)).toEqual([expect.stringMatching(/ON rec\.account USING btree \("taxId"\) WHERE \("deletedAt" IS NULL\)/)]);
    const [{ n } = { n: 0 }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM record_indexes WHERE status = 'ready'`);
    const [{ m } = { m: 0 }] = await database.rows<{ m: number }>(sql`SELECT count(*)::int AS m FROM pg_indexes WHERE schemaname = 'rec' AND indexname NOT LIKE '%_pkey'`);
    expect(n).toBe(m);
  });

  it('treats an identical package as a no-op with a clear message', async () => {
    const preview = await previewPublish(database, structuredClone(mainLine));
    expect(preview.plan.unchanged).toBe(true);
    const again = await publishPackage(database, structuredClone(mainLine));
    expect(again.applied).toBe(false);
    expect(await database.rows(sql`SELECT id FROM config_versions`)).toHaveLength(1);
  });

  it('publishes a change on top, keeping data, and records the event and the audit entry', async () => {
    const v1 = await versionPhysical(database, 1);
    await insertRecords(database, v1, 'lead', [{ company: 'Acme', status: 'new', email: 'x@acme.test' }]);
    const next = edited(mainLine, (d) => Object.assign(fieldOf(d, 'lead', 'company'), { id: 'companyName', renamedFrom: 'company' }));
    const result = await publishPackage(database, next, { message: 'rename company' });
    const v2 = await versionPhysical(database, result.versionId!);
    expect(await readRecords(database, v2, 'lead')).toEqual([expect.objectContaining({ companyName: 'Acme', status: 'new' })]);
    expect(await database.rows(sql`SELECT kind, version_id, before, after FROM rollout_events ORDER BY id`)).toEqual([
      { kind: 'publish', version_id: 1, before: {}, after: { '*': 1 } },
      { kind: 'publish', version_id: 2, before: { '*': 1 }, after: { '*': 2 } },
    ]);
    expect(await database.rows(sql`SELECT action, version_id FROM audit_log WHERE action LIKE 'config.%' ORDER BY id`)).toEqual([
      { action: 'config.publish', version_id: 1 },
      { action: 'config.publish', version_id: 2 },
    ]);
  });

  it('publishes the worked example from the docs beside it', async () => {
    const dealDesk = JSON.parse(readFileSync(new URL('../../../../docs/examples/deal-desk.json', import.meta.url), 'utf8')) as ConfigPackage;
    const preview = await previewPublish(database, dealDesk);
    // account stays (same id, same table); the main-line objects it lacks are retired, not dropped
    expect(preview.plan.changes.objects.filter((o) => o.change === 'retired')).toHaveLength(mainLine.objects.length - 1);
    expect(preview.plan.steps.some((s) => s.sql.startsWith('DROP TABLE') || s.sql.includes('DROP COLUMN'))).toBe(false);
  });
});
