export interface JobIncident {
  id: string;
  /** Null once the job has been purged. */
  jobId: string | null;
  jobType: string;
  error: string;
  attempts: number;
  createdAt: Date;
  resolvedAt: Date | null;
  resolution: 'retried' | 'dismissed' | null;
}

export interface IncidentRow {
  id: string;
  job_id: string | null;
  job_type: string;
  error: string;
  attempts: number;
  created_at: Date | string;
  resolved_at: Date | string | null;
  resolution: 'retried' | 'dismissed' | null;
}

export function incidentFromRow(row: IncidentRow): JobIncident {
  return {
    id: row.id,
    jobId: row.job_id,
    jobType: row.job_type,
    error: row.error,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    resolvedAt: row.resolved_at === null ? null : new Date(row.resolved_at),
    resolution: row.resolution,
  };
}
