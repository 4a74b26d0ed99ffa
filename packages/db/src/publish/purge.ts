import { and, eq, sql } from 'drizzle-orm';
import type { Database, Db } from '../connection/database.ts';
import { dropColumnSql, dropTableSql } from '../records/ddl.ts';
import { quoteIdent, recordTableSql, RECORD_SCHEMA } from '../records/sql-names.ts';
import { auditLog } from '../schema/platform.ts';
import { recordColumns, recordIndexes, recordTables } from '../schema/publishing.ts';
import { PUBLISH_LOCK_KEY, type PublishActor } from './apply.ts';
import { PublishError } from './publish-error.ts';
import { loadPublishState, versionsInForce, type PublishState } from './state.ts';

export interface PurgeTarget {
  objectId: string;
  /** Purge one retired field of the object; without it, the whole retired object. */
  fieldId?: string;
}

export interface PurgePreview {
  kind: 'table' | 'columns';
  objectId: string;
  fieldId?: string;
  table: string;
  columns: string[];
  /** Records in the table (all of them, deleted ones included). */
  rows: number;
  /** For columns: values that would be lost (non-null cells). */
  values: number;
  /** Versions, not in force, that still map it: rolling back to one brings an empty table or column back. */
  versions: number[];
  statements: string[];
}

function resolveTarget(state: PublishState, target: PurgeTarget): { table: string; columns: string[] } {
  const inForce = versionsInForce(state.assignments).map((id) => state.versions.get(id)!);
  const notFound = () =>
    new PublishError('config.purge.unknown', 404, {
      en: `Nothing retired is known as ${target.fieldId ? `${target.objectId}.${target.fieldId}` : target.objectId}.`,
      'zh-CN': `没有名为 ${target.fieldId ? `${target.objectId}.${target.fieldId}` : target.objectId} 的已停用数据。`,
    });
  const inUse = (what: string) =>
    new PublishError('config.purge.in-force', 409, {
      en: `${what} is used by a version in force; only retired objects and fields can be purged. Publish a version without it first.`,
      'zh-CN': `${what} 仍被正在生效的版本使用；只能清除已停用的对象和字段。请先发布不包含它的版本。`,
    });
  const liveTable = inForce.map((v) => v.physical.objects[target.objectId]?.table).find((t) => t !== undefined);
  const retiredTables = [...state.catalogue.tables.values()].filter((t) => t.objectId === target.objectId && t.retired).map((t) => t.table);
  if (!target.fieldId) {
    if (liveTable !== undefined) throw inUse(target.objectId);
    if (retiredTables.length === 0) throw notFound();
    return { table: retiredTables[0]!, columns: [] };
  }
  const table = liveTable ?? retiredTables[0];
  if (table === undefined) throw notFound();
  const matches = [...state.catalogue.columns.values()].filter((c) => c.table === table && c.fieldId === target.fieldId);
  if (matches.some((c) => !c.retired)) throw inUse(`${target.objectId}.${target.fieldId}`);
  if (matches.length === 0) throw notFound();
  return { table, columns: matches.map((c) => c.column) };
}

async function describe(tx: Db, state: PublishState, target: PurgeTarget): Promise<PurgePreview> {
  const { table, columns } = resolveTarget(state, target);
  const counts = columns.map((c) => `count(${quoteIdent(c)})`).join(' + ');
  const result = (await tx.execute(sql.raw(`SELECT count(*) AS rows, ${counts || '0'} AS values FROM ${recordTableSql(table)}`))) as unknown as {
    rows: { rows: string | number; values: string | number }[];
  };
  const versions = (await tx.execute(sql`
    SELECT v.id FROM config_versions v
    WHERE EXISTS (SELECT 1 FROM jsonb_each(v.physical->'objects') o WHERE o.value->>'table' = ${table}
      AND (${columns.length === 0} OR EXISTS (SELECT 1 FROM jsonb_each(o.value->'fields') f WHERE f.value->>'column' = ANY(${sql.param(columns)}::text[]))))
    ORDER BY v.id`)) as unknown as { rows: { id: number }[] };
  return {
    kind: columns.length === 0 ? 'table' : 'columns',
    objectId: target.objectId,
    ...(target.fieldId ? { fieldId: target.fieldId } : {}),
    table,
    columns,
    rows: Number(result.rows[0]?.rows ?? 0),
    values: Number(result.rows[0]?.values ?? 0),
    versions: versions.rows.map((r) => Number(r.id)),
    statements: columns.length === 0 ? [dropTableSql(table)] : columns.map((c) => dropColumnSql(table, c)),
  };
}

/** What a purge would drop, with counts; changes nothing. */
export async function previewPurge(database: Database, target: PurgeTarget): Promise<PurgePreview> {
  return database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    return describe(tx, await loadPublishState(tx), target);
  });
}

/**
 * Drops a retired object's table or a retired field's column with its data: the only operation
 * that deletes configuration data, so it demands `confirm: true`. Versions in force never lose
 * anything: what they map cannot be purged.
 */
export async function purgeRetired(database: Database, target: PurgeTarget, options: { confirm: boolean; actor?: PublishActor }): Promise<PurgePreview> {
  if (options.confirm !== true) {
    throw new PublishError('config.purge.confirmation-required', 409, {
      en: 'Purging deletes data for good: confirm it explicitly.',
      'zh-CN': '清除会永久删除数据：请明确确认。',
    });
  }
  return database.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})`);
    const preview = await describe(tx, await loadPublishState(tx), target);
    for (const statement of preview.statements) await tx.execute(sql.raw(statement));
    if (preview.kind === 'table') {
      await tx.delete(recordColumns).where(eq(recordColumns.tableName, preview.table));
      await tx.delete(recordIndexes).where(eq(recordIndexes.tableName, preview.table));
      await tx.delete(recordTables).where(eq(recordTables.tableName, preview.table));
      await tx.update(recordColumns).set({ references: null }).where(eq(recordColumns.references, `${RECORD_SCHEMA}.${preview.table}`));
    } else {
      for (const column of preview.columns) {
        await tx.delete(recordColumns).where(and(eq(recordColumns.tableName, preview.table), eq(recordColumns.columnName, column)));
        await tx.execute(sql`DELETE FROM record_indexes WHERE table_name = ${preview.table} AND spec->'columns' @> ${JSON.stringify([{ column }])}::jsonb`);
      }
    }
    await tx.execute(sql`UPDATE publish_tasks SET status = 'done', finished_at = now() WHERE kind = 'buildIndex' AND status IN ('pending', 'running') AND NOT EXISTS (SELECT 1 FROM record_indexes i WHERE i.name = publish_tasks.payload->>'name')`);
    await tx.insert(auditLog).values({ actorId: options.actor?.id ?? null, action: 'config.purge', objectId: preview.objectId, details: { ...preview, actor: options.actor?.name ?? '' } });
    return preview;
  });
}

