import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { openIncident } from './open-incident.ts';

/** Resolves an open incident without running its job again (the job stays failed). */
export async function dismissIncident(tx: Db, incidentId: string): Promise<void> {
  await openIncident(tx, incidentId);
  await tx.execute(sql`UPDATE job_incidents SET resolved_at = now(), resolution = 'dismissed' WHERE id = ${incidentId}`);
}
