import { and, desc, eq } from 'drizzle-orm';
import { instanceProgress, type Incident, type InstanceProgress, type InstanceState } from '@mainline/engine';
import { processInstances } from '@mainline/db';
import type { LocalizedText } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { findRecord, notFound } from '../records/get-record.ts';
import { requireReader } from '../records/lib/read-scope.ts';
import { recordTarget } from '../records/lib/record-target.ts';
import { instanceDefinition } from './lib/process-runtime.ts';

export interface RecordProcessesInput {
  object: string;
  id: string;
}

export interface RecordProcess {
  instanceId: string;
  process: { id: string; label: LocalizedText };
  versionId: number;
  startedAt: string;
  endedAt: string | null;
  progress: InstanceProgress;
  incidents: Incident[];
}

/** The process instances of a record the caller may read, newest first: the stage bar of each, where it waits, its open incidents. */
export async function recordProcesses(ctx: OperationContext, input: RecordProcessesInput): Promise<RecordProcess[]> {
  requireReader(ctx);
  const target = await recordTarget(ctx, input.object);
  if (!(await findRecord(ctx, target, input.id, { fields: [], includeDeleted: true }))) throw notFound(target, input.id);
  const rows = await ctx.database.db
    .select()
    .from(processInstances)
    .where(and(eq(processInstances.objectId, target.object.id), eq(processInstances.recordId, input.id)))
    .orderBy(desc(processInstances.startedAt));
  const out: RecordProcess[] = [];
  for (const row of rows) {
    const { process } = await instanceDefinition(ctx, row);
    const state = row.state as unknown as InstanceState;
    out.push({
      instanceId: row.id,
      process: { id: process.id, label: process.label },
      versionId: row.versionId,
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      progress: instanceProgress(process, state),
      incidents: state.incidents,
    });
  }
  return out;
}
