import { sql } from 'drizzle-orm';
import type { Db } from '../connection/database.ts';
import type { IndexSpec, VersionPhysical } from '../records/physical-types.ts';
import { recordIndexes } from '../schema/publishing.ts';

/**
 * Brings the catalogue in line with the versions now in force: every table and column they map
 * is recorded (new ones inserted, types and foreign keys updated) under the id the newest version
 * gives it, and marked live; everything else is marked retired. Set-based, in a few statements.
 */
export async function syncCatalogue(tx: Db, inForce: readonly VersionPhysical[], createdVersion: number): Promise<void> {
  const tables = new Map<string, { table_name: string; object_id: string }>();
  const columns = new Map<string, { table_name: string; column_name: string; field_id: string; sql_type: string; references: string | null }>();
  for (const physical of inForce) {
    for (const [objectId, mapped] of Object.entries(physical.objects)) {
      if (!tables.has(mapped.table)) tables.set(mapped.table, { table_name: mapped.table, object_id: objectId });
      for (const [fieldId, c] of Object.entries(mapped.fields)) {
        const key = `${mapped.table}.${c.column}`;
        if (!columns.has(key)) columns.set(key, { table_name: mapped.table, column_name: c.column, field_id: fieldId, sql_type: c.type, references: c.references });
      }
    }
  }
  const tableJson = JSON.stringify([...tables.values()]);
  const columnJson = JSON.stringify([...columns.values()]);
  await tx.execute(sql`
    INSERT INTO record_tables (table_name, object_id, created_version)
    SELECT t.table_name, t.object_id, ${createdVersion} FROM jsonb_to_recordset(${tableJson}::jsonb) AS t(table_name text, object_id text)
    ON CONFLICT (table_name) DO UPDATE SET object_id = excluded.object_id, retired_at = NULL`);
  await tx.execute(sql`
    UPDATE record_tables SET retired_at = now()
    WHERE retired_at IS NULL AND table_name NOT IN (SELECT t.table_name FROM jsonb_to_recordset(${tableJson}::jsonb) AS t(table_name text))`);
  await tx.execute(sql`
    INSERT INTO record_columns (table_name, column_name, field_id, sql_type, "references", created_version)
    SELECT c.table_name, c.column_name, c.field_id, c.sql_type, c."references", ${createdVersion}
    FROM jsonb_to_recordset(${columnJson}::jsonb) AS c(table_name text, column_name text, field_id text, sql_type text, "references" text)
    ON CONFLICT (table_name, column_name) DO UPDATE
    SET field_id = excluded.field_id, sql_type = excluded.sql_type, "references" = excluded."references", retired_at = NULL`);
  await tx.execute(sql`
    UPDATE record_columns AS rc SET retired_at = now()
    WHERE rc.retired_at IS NULL AND NOT EXISTS (
      SELECT 1 FROM jsonb_to_recordset(${columnJson}::jsonb) AS c(table_name text, column_name text)
      WHERE c.table_name = rc.table_name AND c.column_name = rc.column_name)`);
}

export async function recordIndexChanges(tx: Db, dropped: readonly string[], created: readonly { index: IndexSpec; pending: boolean }[], createdVersion: number): Promise<void> {
  if (dropped.length > 0) await tx.execute(sql`DELETE FROM record_indexes WHERE name = ANY(${sql.param([...dropped])}::text[])`);
  for (let i = 0; i < created.length; i += 500) {
    await tx
      .insert(recordIndexes)
      .values(created.slice(i, i + 500).map(({ index, pending }) => ({ name: index.name, tableName: index.table, spec: index, status: pending ? ('pending' as const) : ('ready' as const), createdVersion })));
  }
}
