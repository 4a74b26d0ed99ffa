import { configVersions, recordIndexes, rolloutAssignments, WHOLE_ORGANISATION, type Assignments, type ConfigChanges, type RecordIndexStatus } from '@mainline/db';
import { desc, inArray } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';

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

/** The published versions, newest first, with where each is in force. */
export async function listVersions(ctx: OperationContext): Promise<VersionList> {
  requirePermission(ctx.actor, 'publish');
  const { db } = ctx.database;
  const rows = await db
    .select({ id: configVersions.id, hash: configVersions.hash, message: configVersions.message, author: configVersions.authorName, createdAt: configVersions.createdAt, parentId: configVersions.parentId, changes: configVersions.changes })
    .from(configVersions)
    .orderBy(desc(configVersions.id));
  const assignmentRows = await db.select().from(rolloutAssignments);
  const assignments: Assignments = Object.fromEntries(assignmentRows.map((a) => [a.unitKey, a.versionId]));
  const indexes = await db
    .select({ name: recordIndexes.name, table: recordIndexes.tableName, status: recordIndexes.status, error: recordIndexes.error })
    .from(recordIndexes)
    .where(inArray(recordIndexes.status, ['pending', 'failed']));
  const versions = rows.map(({ changes, ...row }): VersionSummary => {
    const units = Object.entries(assignments).filter(([unit, id]) => id === row.id && unit !== WHOLE_ORGANISATION).map(([unit]) => unit);
    return {
      ...row,
      inForce: { organisation: assignments[WHOLE_ORGANISATION] === row.id, units },
      objects: ((changes as ConfigChanges | null)?.objects ?? []).map((o) => ({ objectId: o.objectId, change: o.change })),
    };
  });
  return { versions, assignments, indexes };
}
