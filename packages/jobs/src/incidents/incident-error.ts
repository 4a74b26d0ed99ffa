/** A refused incident resolution; `code` is stable (docs/jobs.md). */
export class IncidentError extends Error {
  constructor(
    readonly code: 'jobs.incident.not-found' | 'jobs.incident.resolved' | 'jobs.incident.job-purged',
    message: string,
  ) {
    super(message);
    this.name = 'IncidentError';
  }
}
