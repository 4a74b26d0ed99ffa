import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import { rowsOn } from '../job.ts';
import { incidentFromRow, type IncidentRow, type JobIncident } from './incident.ts';

export interface ListIncidentsOptions {
  /** Also resolved ones (default: open incidents only). */
  includeResolved?: boolean;
  jobType?: string;
  limit?: number;
}

/** Incidents, newest first. */
export async function listIncidents(db: Db, options: ListIncidentsOptions = {}): Promise<JobIncident[]> {
  const rows = await rowsOn<IncidentRow>(
    db,
    sql`SELECT * FROM job_incidents
        WHERE (${options.includeResolved ?? false} OR resolved_at IS NULL) AND (${options.jobType ?? null}::text IS NULL OR job_type = ${options.jobType ?? null})
        ORDER BY created_at DESC, id LIMIT ${options.limit ?? 100}`,
  );
  return rows.map(incidentFromRow);
}
