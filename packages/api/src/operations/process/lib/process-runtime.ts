import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { advanceInstance, type InstanceState, type ProcessEvent } from '@mainline/engine';
import type { ExprUser } from '@mainline/expr';
import type { Process, Trigger } from '@mainline/model';
import { processInstances, type ActiveVersion, type Db } from '@mainline/db';
import { cliActor, type OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import type { ApiRecord } from '../../records/lib/prepare-write.ts';
import { recordEnv, writerUser } from '../../records/lib/record-env.ts';
import { lockRecord } from '../../records/lib/record-rows.ts';
import { targetIn, type RecordTarget } from '../../records/lib/record-target.ts';
import { versionById } from '../../records/lib/version-in-force.ts';
import { applyEffects } from './apply-effects.ts';
import { insertInstanceSql, updateInstanceSql } from './process-writes.ts';
import { WriteBatch } from './write-batch.ts';

/** A stored instance, locked for the rest of the transaction. */
export interface StoredInstance {
  id: string;
  processId: string;
  versionId: number;
  objectId: string;
  recordId: string;
  state: InstanceState;
}

/** Writes made by the engine itself (actions, escalations): unrestricted, audited as "process". */
const engineDepth = new WeakMap<OperationContext, number>();
const MAX_CASCADE = 8;

/**
 * The context the engine writes records in: the command line's (business roles do not limit a
 * configured action), named "process" in the audit trail. Each level of a cascade (an action's
 * update starting another process, whose action updates again…) is counted; a cascade deeper
 * than MAX_CASCADE is refused, and the whole write with it, rather than looping.
 */
export function engineContext(ctx: OperationContext): OperationContext {
  const depth = (engineDepth.get(ctx) ?? 0) + 1;
  if (depth > MAX_CASCADE) {
    throw new OperationError(409, 'process.cascade', `Processes triggered each other more than ${MAX_CASCADE} levels deep; nothing was saved. Check the triggers and set-field steps of the processes on this object.`);
  }
  const engine: OperationContext = { database: ctx.database, actor: cliActor('process'), ...(ctx.locale ? { locale: ctx.locale } : {}) };
  engineDepth.set(engine, depth);
  return engine;
}

/** Starts an instance of `process` on `record` in the caller's transaction and runs it as far as it goes. */
export async function startInstance(ctx: OperationContext, tx: Db, target: RecordTarget, process: Process, record: ApiRecord, trigger: Trigger['type']): Promise<string> {
  const id = randomUUID();
  await runAdvance(ctx, tx, { id, process, target, record, state: null, event: { type: 'start', trigger }, user: writerUser(ctx), startedBy: ctx.actor.userId });
  return id;
}

/**
 * Applies an event to a stored instance: locks the instance and its record, advances it on the
 * version it started on, stores the new state and carries out the effects — all in `tx`.
 */
export async function advanceStoredInstance(ctx: OperationContext, tx: Db, instanceId: string, event: ProcessEvent, user?: ExprUser): Promise<StoredInstance> {
  const instance = await lockInstance(tx, instanceId);
  if (!instance) throw new OperationError(404, 'process.instance-not-found', `There is no process instance ${instanceId}.`);
  const { target, process } = await instanceDefinition(ctx, instance, tx);
  const record = await lockRecord(ctx, tx, target, instance.recordId);
  return advanceLockedInstance(ctx, tx, { instance, target, process, record }, event, user);
}

/** An instance locked with its record (deleted ones too, with deletedAt), and its definition. */
export interface LockedInstance {
  instance: StoredInstance;
  target: RecordTarget;
  process: Process;
  record: ApiRecord;
}

/** advanceStoredInstance for an instance the caller locked already, with its record as it is now. */
export async function advanceLockedInstance(ctx: OperationContext, tx: Db, locked: LockedInstance, event: ProcessEvent, user?: ExprUser): Promise<StoredInstance> {
  const { instance, target, process, record } = locked;
  const state = await runAdvance(ctx, tx, { id: instance.id, process, target, record, state: instance.state, event, user, startedBy: null });
  return { ...instance, state };
}

/**
 * The instance, locked for the rest of the transaction — after its open tasks, in the order a
 * completion locks them (task, instance, record), so that a timer, a retry or a migration never
 * deadlocks with a completion of one of its tasks.
 */
export async function lockInstance(tx: Db, id: string): Promise<StoredInstance | null> {
  await tx.execute(sql`SELECT id FROM process_tasks WHERE instance_id = ${id}::uuid AND status = 'open' ORDER BY id FOR UPDATE`);
  const [row] = await tx
    .select({ id: processInstances.id, processId: processInstances.processId, versionId: processInstances.versionId, objectId: processInstances.objectId, recordId: processInstances.recordId, state: processInstances.state })
    .from(processInstances)
    .where(eq(processInstances.id, id))
    .for('update');
  return row ? { ...row, state: row.state as unknown as InstanceState } : null;
}

/** The process definition and record target of the version the instance started on (read through `db`: a transaction's, inside one). */
export async function instanceDefinition(ctx: OperationContext, instance: Pick<StoredInstance, 'versionId' | 'processId' | 'objectId'>, db: Db = ctx.database.db): Promise<{ version: ActiveVersion; target: RecordTarget; process: Process }> {
  const version = await versionById(ctx, instance.versionId, db);
  const process = version.package.processes?.find((p) => p.id === instance.processId);
  if (!process) throw new Error(`version ${instance.versionId} has no process ${instance.processId}`);
  return { version, target: targetIn(version, instance.objectId), process };
}

interface AdvanceInput {
  id: string;
  process: Process;
  target: RecordTarget;
  record: ApiRecord;
  state: InstanceState | null;
  event: ProcessEvent;
  user: ExprUser | undefined;
  startedBy: string | null;
}

async function runAdvance(ctx: OperationContext, tx: Db, input: AdvanceInput): Promise<InstanceState> {
  const now = new Date();
  const result = advanceInstance(input.process, input.state, input.event, {
    now,
    record: input.record,
    ...(input.user ? { user: input.user } : {}),
    expr: recordEnv(input.target),
    newId: randomUUID,
  });
  const { state } = result;
  // the instance's row goes out with its tasks and history (one statement, applyEffects sends it)
  const batch = new WriteBatch();
  const write =
    input.state === null
      ? insertInstanceSql({ id: input.id, processId: input.process.id, versionId: input.target.version.id, objectId: input.target.object.id, recordId: input.record.id as string, state, startedAt: now, startedBy: input.startedBy })
      : updateInstanceSql(input.id, state);
  await batch.add(ctx, tx, write, `instance:${input.id}`);
  await applyEffects(ctx, tx, { instanceId: input.id, process: input.process, target: input.target, record: input.record, user: input.user }, result.effects, batch);
  return state;
}
