import { inArray } from 'drizzle-orm';
import type { Incident, InstanceState } from '@mainline/engine';
import { listIncidents as listJobIncidents, type JobIncident } from '@mainline/jobs';
import { processInstances } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';

export interface ProcessIncident extends Incident {
  instanceId: string;
  processId: string;
  versionId: number;
  object: string;
  recordId: string;
}

export interface IncidentList {
  /** Instances stopped at a node (a gateway with no way out, an expression that failed, …): retry after fixing the data. */
  processes: ProcessIncident[];
  /** Jobs that failed their last attempt (a timer, a webhook delivery): retry re-queues them. */
  jobs: JobIncident[];
}

/** The open incidents, for admins: of process instances and of jobs. */
export async function listIncidents(ctx: OperationContext): Promise<IncidentList> {
  requirePermission(ctx.actor, 'admin');
  const rows = await ctx.database.db.select().from(processInstances).where(inArray(processInstances.status, ['incident']));
  const processes = rows.flatMap((row) =>
    (row.state as unknown as InstanceState).incidents.map((incident) => ({ ...incident, instanceId: row.id, processId: row.processId, versionId: row.versionId, object: row.objectId, recordId: row.recordId })),
  );
  processes.sort((a, b) => b.at.localeCompare(a.at));
  return { processes, jobs: await listJobIncidents(ctx.database.db) };
}
