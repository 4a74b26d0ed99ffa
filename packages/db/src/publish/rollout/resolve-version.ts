import { pathIds } from '../../org/org-unit-path.ts';
import { WHOLE_ORGANISATION } from '../../schema/publishing.ts';
import type { Assignments } from '../plan-types.ts';

/**
 * The version a user works in: that of the nearest org unit, from theirs upwards, that has an
 * assignment; else the whole organisation's; null when nothing is published for them.
 */
export function resolveVersionId(assignments: Assignments, unitPath: string | null): number | null {
  if (unitPath) {
    const ids = pathIds(unitPath);
    for (let i = ids.length - 1; i >= 0; i--) {
      const version = assignments[ids[i]!];
      if (version !== undefined) return version;
    }
  }
  return assignments[WHOLE_ORGANISATION] ?? null;
}
