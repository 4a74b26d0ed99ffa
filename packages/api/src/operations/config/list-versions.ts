import { configVersions, recordIndexes, type Assignments, type RecordIndexStatus } from '@mainline/db';
import { desc, inArray } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { requireAnyPermission } from '../../errors.ts';
import { readAssignments } from './lib/read-assignments.ts';
import { versionReaders } from './lib/version-readers.ts';
import { versionSummary, versionSummaryColumns } from './lib/version-summary.ts';

export interface VersionSummary {
  id: number;
  hash: string;
  message: string;
  author: string;
  createdAt: Date;
  /** The version it was planned against. */
  parentId: number | null;
  /** Where it is in force: the whole organisation, and/or pilot units. */
  inForce: { organisation: boolean; units: string[] };
  /** Objects that changed against the parent, and how. */
  objects: { objectId: string; change: string }[];
}

export interface VersionList {
  versions: VersionSummary[];
  assignments: Assignments;
  /** Indexes not ready: still being built after a publish, or whose build failed. */
  indexes: { name: string; table: string; status: RecordIndexStatus; error: string | null }[];
}

/** The published versions, newest first, with where each is in force. Needs editDrafts or publish. */
export async function listVersions(ctx: OperationContext): Promise<VersionList> {
  requireAnyPermission(ctx.actor, versionReaders);
  const { db } = ctx.database;
  const rows = await db.select(versionSummaryColumns).from(configVersions).orderBy(desc(configVersions.id));
  const assignments = await readAssignments(db);
  const indexes = await db
    .select({ name: recordIndexes.name, table: recordIndexes.tableName, status: recordIndexes.status, error: recordIndexes.error })
    .from(recordIndexes)
    .where(inArray(recordIndexes.status, ['pending', 'failed']));
  return { versions: rows.map((row) => versionSummary(row, assignments)), assignments, indexes };
}
