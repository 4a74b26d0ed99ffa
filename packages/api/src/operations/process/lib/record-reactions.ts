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

/** One record write a process may react to: `before` null for a create. */
export interface RecordWrite {
  before: ApiRecord | null;
  after: ApiRecord;
}

/**
 * Starts, in the write's own transaction, the instances a create or an update triggers: `onCreate`
 * (its condition true on the new record) and `onUpdate` (its condition true after the change and
 * false before; `prev` is the record before). A process with a live instance on the record does
 * not start a second one. Called by every records write path (insertRecord, applyUpdate).
 * Returns how many instances started (their actions may have changed the record).
 */
export async function reactToRecordWrite(ctx: OperationContext, tx: Db, target: RecordTarget, before: ApiRecord | null, after: ApiRecord): Promise<number> {
  return reactToRecordWrites(ctx, tx, target, [{ before, after }]);
}

/**
 * reactToRecordWrite for many writes of one object at once (the CSV import's batches): the
 * conditions are compiled once, the live instances of the updated records looked up in one query,
 * then the instances start record by record, in the order given. Nothing at all when no process
 * of the object reacts to the kind of write.
 */
export async function reactToRecordWrites(ctx: OperationContext, tx: Db, target: RecordTarget, writes: readonly RecordWrite[]): Promise<number> {
  const processes = objectProcesses(target);
  if (processes.onCreate.length === 0 && processes.onUpdate.length === 0) return 0;
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
  const starts: { write: RecordWrite; starting: Map<string, Process> }[] = [];
  for (const write of writes) {
    const { before, after } = write;
    const starting = new Map<string, Process>();
    for (const { process, condition } of before === null ? processes.onCreate : processes.onUpdate) {
      if (starting.has(process.id)) continue;
      const fires = before === null ? holds(condition, after, after) : holds(condition, after, before) && !holds(condition, before, before);
      if (fires) starting.set(process.id, process);
    }
    if (starting.size > 0) starts.push({ write, starting });
  }
  if (starts.length === 0) return 0;
  // a record created in this transaction has no instances yet: only updates need the look-up
  const updated = starts.filter((s) => s.write.before !== null);
  if (updated.length > 0) {
    const live = await tx
      .select({ recordId: processInstances.recordId, processId: processInstances.processId })
      .from(processInstances)
      .where(
        and(
          eq(processInstances.objectId, target.object.id),
          inArray(processInstances.recordId, updated.map((s) => s.write.after.id as string)),
          inArray(processInstances.processId, [...new Set(updated.flatMap((s) => [...s.starting.keys()]))]),
          inArray(processInstances.status, ['running', 'incident']),
        ),
      );
    const byRecord = new Map(updated.map((s) => [s.write.after.id as string, s.starting]));
    for (const { recordId, processId } of live) byRecord.get(recordId)?.delete(processId);
  }
  let started = 0;
  for (const { write, starting } of starts) {
    for (const process of starting.values()) await startInstance(ctx, tx, target, process, write.after, write.before === null ? 'onCreate' : 'onUpdate');
    started += starting.size;
  }
  return started;
}
