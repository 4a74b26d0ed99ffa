import { configVersions, WHOLE_ORGANISATION, type Assignments, type ConfigChanges } from '@mainline/db';
import type { VersionSummary } from '../list-versions.ts';

/** The columns of config_versions a summary is made of (not the package, not the physical mapping). */
export const versionSummaryColumns = {
  id: configVersions.id,
  hash: configVersions.hash,
  message: configVersions.message,
  author: configVersions.authorName,
  createdAt: configVersions.createdAt,
  parentId: configVersions.parentId,
  changes: configVersions.changes,
};

type SummaryRow = Omit<VersionSummary, 'inForce' | 'objects'> & { changes: unknown };

/** A version as lists show it: where it is in force now, and which objects changed against its parent. */
export function versionSummary({ changes, ...row }: SummaryRow, assignments: Assignments): VersionSummary {
  const units = Object.entries(assignments)
    .filter(([unit, id]) => id === row.id && unit !== WHOLE_ORGANISATION)
    .map(([unit]) => unit);
  return {
    ...row,
    inForce: { organisation: assignments[WHOLE_ORGANISATION] === row.id, units },
    objects: ((changes as ConfigChanges | null)?.objects ?? []).map((o) => ({ objectId: o.objectId, change: o.change })),
  };
}
