import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { rowsOn } from '../job.ts';
import { IncidentError } from './incident-error.ts';

/** Locks an open incident for resolving it; throws when there is none or it is already resolved. */
export async function openIncident(tx: Db, incidentId: string): Promise<{ job_id: string | null }> {
  const [incident] = await rowsOn<{ job_id: string | null; resolved_at: Date | null }>(
    tx,
    sql`SELECT job_id, resolved_at FROM job_incidents WHERE id = ${incidentId} FOR UPDATE`,
  );
  if (!incident) throw new IncidentError('jobs.incident.not-found', `no incident ${incidentId}`);
  if (incident.resolved_at !== null) throw new IncidentError('jobs.incident.resolved', `incident ${incidentId} is already resolved`);
  return incident;
}
