import { createHash } from 'node:crypto';
import { desc, inArray, isNull, max, ne, and } from 'drizzle-orm';
import type { ConfigPackage } from '@mainline/model';
import type { Db } from '../connection/database.ts';
import type { SqlType, VersionPhysical } from '../records/physical-types.ts';
import { configVersions, recordColumns, recordIndexes, recordTables, rolloutAssignments, rolloutEvents, type RecordIndexStatus, type RolloutEventKind } from '../schema/publishing.ts';
import type { Assignments } from './plan-types.ts';

export interface StoredVersion {
  id: number;
  hash: string;
  package: ConfigPackage;
  physical: VersionPhysical;
  message: string;
  authorName: string;
  createdAt: Date;
}

export interface CatalogueTable {
  table: string;
  objectId: string;
  retired: boolean;
}

export interface CatalogueColumn {
  table: string;
  column: string;
  fieldId: string;
  type: SqlType;
  references: string | null;
  retired: boolean;
}

export interface CatalogueIndex {
  name: string;
  table: string;
  status: RecordIndexStatus;
}

/** Every record table, column and index that exists, in force or retired. */
export interface Catalogue {
  tables: Map<string, CatalogueTable>;
  /** Keyed by `table.column`. */
  columns: Map<string, CatalogueColumn>;
  indexes: Map<string, CatalogueIndex>;
}

export interface RolloutEventRow {
  id: number;
  kind: RolloutEventKind;
  versionId: number | null;
  before: Assignments;
  after: Assignments;
}

/** What planning needs to know about the database. */
export interface PublishState {
  assignments: Assignments;
  /** Versions in force, those the undoable event would restore, and any asked for. */
  versions: Map<number, StoredVersion>;
  /** The newest publish/extend/promote event that no rollback has undone. */
  undoable: RolloutEventRow | null;
  catalogue: Catalogue;
  token: string;
}

export const columnKey = (table: string, column: string) => `${table}.${column}`;

/** Ids of the versions in force, newest first. */
export function versionsInForce(assignments: Assignments): number[] {
  return [...new Set(Object.values(assignments))].sort((a, b) => b - a);
}

/** Reads the publishing state; run it inside the publish transaction (after the lock) when the result is applied. */
export async function loadPublishState(db: Db, extraVersionIds: number[] = []): Promise<PublishState> {
  const assignmentRows = await db.select().from(rolloutAssignments);
  const assignments: Assignments = Object.fromEntries(assignmentRows.map((r) => [r.unitKey, r.versionId]));
  const [undoableRow] = await db
    .select()
    .from(rolloutEvents)
    .where(and(ne(rolloutEvents.kind, 'rollback'), isNull(rolloutEvents.undoneBy)))
    .orderBy(desc(rolloutEvents.id))
    .limit(1);
  const undoable: RolloutEventRow | null = undoableRow
    ? { id: undoableRow.id, kind: undoableRow.kind, versionId: undoableRow.versionId, before: undoableRow.before, after: undoableRow.after }
    : null;
  const wanted = [...new Set([...Object.values(assignments), ...Object.values(undoable?.before ?? {}), ...extraVersionIds])];
  const versionRows = wanted.length === 0 ? [] : await db.select().from(configVersions).where(inArray(configVersions.id, wanted));
  const versions = new Map(versionRows.map((v) => [v.id, toStoredVersion(v)]));
  const catalogue = await loadCatalogue(db);
  const [latest] = await db.select({ version: max(configVersions.id) }).from(configVersions);
  const [latestEvent] = await db.select({ event: max(rolloutEvents.id) }).from(rolloutEvents);
  const token = stateToken(assignments, latest?.version ?? null, latestEvent?.event ?? null, catalogue);
  return { assignments, versions, undoable, catalogue, token };
}

export function toStoredVersion(row: typeof configVersions.$inferSelect): StoredVersion {
  return { id: row.id, hash: row.hash, package: row.package, physical: row.physical, message: row.message, authorName: row.authorName, createdAt: row.createdAt };
}

async function loadCatalogue(db: Db): Promise<Catalogue> {
  // one after another: inside a transaction they share one connection
  const tables = await db.select().from(recordTables);
  const columns = await db.select().from(recordColumns);
  const indexes = await db.select().from(recordIndexes);
  return {
    tables: new Map(tables.map((t) => [t.tableName, { table: t.tableName, objectId: t.objectId, retired: t.retiredAt !== null }])),
    columns: new Map(
      columns.map((c) => [
        columnKey(c.tableName, c.columnName),
        { table: c.tableName, column: c.columnName, fieldId: c.fieldId, type: c.sqlType, references: c.references, retired: c.retiredAt !== null },
      ]),
    ),
    indexes: new Map(indexes.map((i) => [i.name, { name: i.name, table: i.tableName, status: i.status }])),
  };
}

function stateToken(assignments: Assignments, latestVersion: number | null, latestEvent: number | null, catalogue: Catalogue): string {
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  const content = JSON.stringify([
    Object.entries(assignments).sort(([a], [b]) => (a < b ? -1 : 1)),
    latestVersion,
    latestEvent,
    sorted(catalogue.tables),
    sorted(catalogue.columns),
    sorted(catalogue.indexes),
  ]);
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}
