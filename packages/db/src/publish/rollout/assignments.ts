import { WHOLE_ORGANISATION } from '../../schema/publishing.ts';
import type { Assignments, PlannedAssignments, RolloutTarget, VersionRef } from '../plan-types.ts';

/** Going to the whole organisation replaces every assignment; a pilot adds its units to the ones there are. */
export function assignmentsAfterPublish(before: Assignments, target: RolloutTarget): PlannedAssignments {
  if (target.kind === 'organisation') return { [WHOLE_ORGANISATION]: 'new' };
  return { ...before, ...Object.fromEntries(target.units.map((unit) => [unit, 'new' as const])) };
}

export function assignmentsAfterExtend(before: Assignments, versionId: number, units: readonly string[]): Assignments {
  return { ...before, ...Object.fromEntries(units.map((unit) => [unit, versionId])) };
}

export function assignmentsAfterPromote(versionId: number): Assignments {
  return { [WHOLE_ORGANISATION]: versionId };
}

/** Versions in force under `assignments`, newest first ('new' is the newest). */
export function versionRefsInForce(assignments: PlannedAssignments): VersionRef[] {
  const refs = [...new Set(Object.values(assignments))];
  return refs.sort((a, b) => (a === 'new' ? -1 : b === 'new' ? 1 : b - a));
}

export function leavingVersions(before: Assignments, after: PlannedAssignments): number[] {
  const staying = new Set(Object.values(after));
  return [...new Set(Object.values(before))].filter((id) => !staying.has(id)).sort((a, b) => a - b);
}

export function resolveNewVersion(assignments: PlannedAssignments, newId: number): Assignments {
  return Object.fromEntries(Object.entries(assignments).map(([unit, ref]) => [unit, ref === 'new' ? newId : ref]));
}
