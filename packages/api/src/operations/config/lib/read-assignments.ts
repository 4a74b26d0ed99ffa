import { rolloutAssignments, type Assignments, type Db } from '@mainline/db';

/** Who works in which version now: unit key ('*' = the whole organisation) → version id. */
export async function readAssignments(db: Db): Promise<Assignments> {
  const rows = await db.select().from(rolloutAssignments);
  return Object.fromEntries(rows.map((a) => [a.unitKey, a.versionId]));
}
