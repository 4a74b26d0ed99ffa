import { sql } from 'drizzle-orm';
import type { Database } from '../../connection/database.ts';
import type { VersionPhysical } from '../../records/physical-types.ts';
import { quoteIdent, recordTableSql } from '../../records/sql-names.ts';
import { sqlText } from '../sql-text.ts';

/**
 * Writes and reads records through a version's mapping, the way the records layer will: tests use
 * it to check that values survive publishes. Values are parameters; identifiers come from the mapping.
 */
export async function insertRecords(database: Database, physical: VersionPhysical, objectId: string, records: Record<string, unknown>[]): Promise<string[]> {
  const mapped = physical.objects[objectId]!;
  const ids: string[] = [];
  for (const record of records) {
    const entries = Object.entries(record);
    const columns = entries.map(([fieldId]) => quoteIdent(mapped.fields[fieldId]?.column ?? fieldId));
    const casts = entries.map(([fieldId], i) => `$${i + 1}::${mapped.fields[fieldId]?.type ?? (fieldId === 'deletedAt' ? 'timestamptz' : 'uuid')}`);
    const text = entries.length === 0 ? `INSERT INTO ${recordTableSql(mapped.table)} DEFAULT VALUES RETURNING "id"` : `INSERT INTO ${recordTableSql(mapped.table)} (${columns.join(', ')}) VALUES (${casts.join(', ')}) RETURNING "id"`;
    const rows = (await database.db.execute(sqlText(text, entries.map(([, v]) => v)))) as unknown as { rows: { id: string }[] };
    ids.push(rows.rows[0]!.id);
  }
  return ids;
}

/** Every record of an object under a version's mapping, keyed by field id, ordered by `order` (a field id). */
export async function readRecords(database: Database, physical: VersionPhysical, objectId: string, order = 'id'): Promise<Record<string, unknown>[]> {
  const mapped = physical.objects[objectId]!;
  const select = Object.entries(mapped.fields).map(([fieldId, c]) => `${quoteIdent(c.column)} AS ${quoteIdent(fieldId)}`);
  const orderColumn = mapped.fields[order]?.column ?? order;
  return database.rows(sql.raw(`SELECT "id", ${select.join(', ')} FROM ${recordTableSql(mapped.table)} ORDER BY ${quoteIdent(orderColumn)}, "id"`));
}

/** Everything a publish could have touched, to compare before and after a failed one. */
export async function physicalSnapshot(database: Database): Promise<unknown> {
  const q = (text: string) => database.rows(sql.raw(text));
  return {
    columns: await q(`SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'rec' ORDER BY 1, 2`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'rec' ORDER BY 1, 2`),
    constraints: await q(`SELECT conname, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'rec' ORDER BY 1`),
    catalogueTables: await q(`SELECT table_name, object_id, retired_at IS NOT NULL AS retired FROM record_tables ORDER BY 1`),
    catalogueColumns: await q(`SELECT table_name, column_name, field_id, sql_type, "references", retired_at IS NOT NULL AS retired FROM record_columns ORDER BY 1, 2`),
    catalogueIndexes: await q(`SELECT name, status FROM record_indexes ORDER BY 1`),
    versions: await q(`SELECT id, hash FROM config_versions ORDER BY id`),
    assignments: await q(`SELECT unit_key, version_id FROM rollout_assignments ORDER BY 1`),
    events: await q(`SELECT id, kind, undone_by FROM rollout_events ORDER BY id`),
    tasks: await q(`SELECT kind, status FROM publish_tasks ORDER BY id`),
  };
}

/** Inserts an org unit (the org operations belong to another module; tests insert units directly). */
export async function insertOrgUnit(database: Database, code: string, parentPath: string | null): Promise<{ id: string; path: string }> {
  const [row] = await database.rows<{ id: string }>(sql`SELECT gen_random_uuid()::text AS id`);
  const path = `${parentPath ?? '/'}${row!.id}/`;
  const parentId = parentPath ? parentPath.split('/').filter(Boolean).at(-1)! : null;
  await database.db.execute(sql`INSERT INTO org_units (id, code, name, parent_id, path) VALUES (${row!.id}, ${code}, ${JSON.stringify({ en: code })}::jsonb, ${parentId}, ${path})`);
  return { id: row!.id, path };
}

export async function versionPhysical(database: Database, versionId: number): Promise<VersionPhysical> {
  const [row] = await database.rows<{ physical: VersionPhysical }>(sql`SELECT physical FROM config_versions WHERE id = ${versionId}`);
  return row!.physical;
}

