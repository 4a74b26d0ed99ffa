import { and, eq, inArray } from 'drizzle-orm';
import { compileExpr } from '@mainline/expr';
import { processInstances } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { transact } from '../org/lib/transact.ts';
import { callerAccess } from '../records/lib/caller-access.ts';
import { recordEnv, writerUser } from '../records/lib/record-env.ts';
import { findRecord, notFound } from '../records/get-record.ts';
import { lockRecord } from '../records/lib/record-rows.ts';
import { recordTarget } from '../records/lib/record-target.ts';
import { checkRecordAccess, writeScope } from '../records/lib/write-scope.ts';
import { startInstance } from './lib/process-runtime.ts';

export interface StartProcessInput {
  object: string;
  id: string;
  process: string;
}

function refused(pointer: string, code: string, message: string, status: 403 | 409 | 422 = 422): OperationError {
  return new OperationError(status, code, message, [{ pointer, code, message }]);
}

/**
 * Starts a process with a manual trigger on a record (the button on the record's page): the
 * trigger's roles may start it (anyone who may update the record when it names none), while its
 * condition holds, and not while an instance of it is live on the record. Returns the instance id.
 */
export async function startProcess(ctx: OperationContext, input: StartProcessInput): Promise<{ instanceId: string }> {
  const target = await recordTarget(ctx, input.object);
  const process = target.version.package.processes?.find((p) => p.id === input.process && p.object === target.object.id);
  if (!process) throw refused('/process', 'process.unknown', `There is no process "${input.process}" on ${target.object.id}.`);
  const trigger = process.triggers.find((t) => t.type === 'manual');
  if (!trigger || trigger.type !== 'manual' || process.enabled === false) throw refused('/process', 'process.not-manual', `"${process.id}" is not started by hand.`);
  const held = callerAccess(ctx, target.version).access?.held.map((h) => h.roleId);
  if (trigger.roles && held !== undefined && !trigger.roles.some((r) => held.includes(r))) {
    throw refused('/process', 'access.denied', `Starting "${process.id}" needs one of the roles ${trigger.roles.join(', ')}.`, 403);
  }
  if (!trigger.roles) writeScope(ctx, target, 'update');
  if (!(await findRecord(ctx, target, input.id, { fields: [] }))) throw notFound(target, input.id);
  return transact(ctx, async (tx) => {
    const record = await lockRecord(ctx, tx, target, input.id);
    if (!trigger.roles) checkRecordAccess(ctx, target, 'update', { before: record }, () => notFound(target, input.id));
    if (record.deletedAt !== null) throw notFound(target, input.id);
    delete record.deletedAt;
    if (trigger.condition && !compileExpr(recordEnv(target), trigger.condition).test({ record, user: writerUser(ctx), now: new Date() })) {
      throw refused('/process', 'process.condition', `"${process.id}" cannot start on this record now: its condition does not hold.`, 409);
    }
    const [live] = await tx
      .select({ id: processInstances.id })
      .from(processInstances)
      .where(and(eq(processInstances.objectId, target.object.id), eq(processInstances.recordId, input.id), eq(processInstances.processId, process.id), inArray(processInstances.status, ['running', 'incident'])));
    if (live) throw refused('/process', 'process.running', `"${process.id}" is running on this record already.`, 409);
    return { instanceId: await startInstance(ctx, tx, target, process, record, 'manual') };
  });
}
