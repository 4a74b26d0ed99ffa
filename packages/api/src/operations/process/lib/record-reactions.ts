import { compileExpr, createExprEnv, type ExprEnv } from '@mainline/expr';
import { objectScopeFields, type Process } from '@mainline/model';
import { and, eq, inArray } from 'drizzle-orm';
import { processInstances, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { ApiRecord } from '../../records/lib/prepare-write.ts';
import { writerUser } from '../../records/lib/record-env.ts';
import type { RecordTarget } from '../../records/lib/record-target.ts';
import { versionCache } from '../../records/lib/version-cache.ts';
import { startInstance } from './process-runtime.ts';

interface ObjectProcesses {
  onCreate: { process: Process; condition: string | null }[];
  onUpdate: { process: Process; condition: string }[];
}

const byObject = versionCache<ObjectProcesses>(1000);
const prevEnvs = versionCache<ExprEnv>(1000);

/** The enabled processes of the object that a create or an update may start (per version and object). */
function objectProcesses(target: RecordTarget): ObjectProcesses {
  return byObject(target.version, target.object.id, () => {
    const out: ObjectProcesses = { onCreate: [], onUpdate: [] };
    for (const process of target.version.package.processes ?? []) {
      if (process.object !== target.object.id || process.enabled === false) continue;
      for (const trigger of process.triggers) {
        if (trigger.type === 'onCreate') out.onCreate.push({ process, condition: trigger.condition ?? null });
        if (trigger.type === 'onUpdate') out.onUpdate.push({ process, condition: trigger.condition });
      }
    }
    return out;
  });
}

/** Whether a create (or an update) of records of `target` may start a process: such writes need the full transaction. */
export function startsProcesses(target: RecordTarget, on: 'create' | 'update'): boolean {
  const processes = objectProcesses(target);
  return (on === 'create' ? processes.onCreate : processes.onUpdate).length > 0;
}

/** The record's expression environment with `prev` (the values before an update). */
function envWithPrev(target: RecordTarget): ExprEnv {
  return prevEnvs(target.version, target.object.id, () => {
    const objects = target.version.package.objects;
    return createExprEnv({ fields: objectScopeFields(target.object.fields, (o, f) => objects.find((x) => x.id === o)?.fields.find((x) => x.id === f)), withPrev: true });
  });
}

/**
 * Starts, in the write's own transaction, the instances a create or an update triggers: `onCreate`
 * (its condition true on the new record) and `onUpdate` (its condition true after the change and
 * false before; `prev` is the record before). A process with a live instance on the record does
 * not start a second one. Called by every records write path (insertRecord, applyUpdate).
 * Returns how many instances started (their actions may have changed the record).
 */
export async function reactToRecordWrite(ctx: OperationContext, tx: Db, target: RecordTarget, before: ApiRecord | null, after: ApiRecord): Promise<number> {
  const processes = objectProcesses(target);
  const candidates = before === null ? processes.onCreate : processes.onUpdate;
  if (candidates.length === 0) return 0;
  const env = envWithPrev(target);
  const user = writerUser(ctx);
  const now = new Date();
  const holds = (condition: string | null, record: ApiRecord, prev: ApiRecord) => {
    if (condition === null) return true;
    try {
      return compileExpr(env, condition).test({ record, prev, user, now });
    } catch {
      return false; // a condition that cannot be evaluated on this record does not start anything
    }
  };
  const starting = new Map<string, Process>();
  for (const { process, condition } of candidates) {
    if (starting.has(process.id)) continue;
    const fires = before === null ? holds(condition, after, after) : holds(condition, after, before) && !holds(condition, before, before);
    if (fires) starting.set(process.id, process);
  }
  if (starting.size === 0) return 0;
  // a record created in this transaction has no instances yet: only an update needs the look-up
  const live = before === null ? [] : await tx
    .select({ processId: processInstances.processId })
    .from(processInstances)
    .where(and(eq(processInstances.objectId, target.object.id), eq(processInstances.recordId, after.id as string), inArray(processInstances.processId, [...starting.keys()]), inArray(processInstances.status, ['running', 'incident'])));
  for (const { processId } of live) starting.delete(processId);
  for (const process of starting.values()) await startInstance(ctx, tx, target, process, after, before === null ? 'onCreate' : 'onUpdate');
  return starting.size;
}
