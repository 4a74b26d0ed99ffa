import { and, eq, inArray } from 'drizzle-orm';
import { processTasks, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError, type Problem } from '../../../errors.ts';
import { callerAccess } from '../../records/lib/caller-access.ts';
import type { RecordTarget } from '../../records/lib/record-target.ts';
import { versionCache } from '../../records/lib/version-cache.ts';

/** Per process and user-task node of the object: the fields the step locks while it is open. */
type ObjectLocks = Map<string, { processId: string; node: string; fields: ReadonlySet<string> }>;

const locksByObject = versionCache<ObjectLocks>(1000);

function objectLocks(target: RecordTarget): ObjectLocks {
  return locksByObject(target.version, target.object.id, () => {
    const locks: ObjectLocks = new Map();
    for (const process of target.version.package.processes ?? []) {
      if (process.object !== target.object.id) continue;
      for (const node of process.nodes) {
        if (node.type === 'userTask' && node.lockedFields && node.lockedFields.length > 0) locks.set(`${process.id}\u0000${node.id}`, { processId: process.id, node: node.id, fields: new Set(node.lockedFields) });
      }
    }
    return locks;
  });
}

/**
 * 403 `access.field-read-only` at each field of `fieldIds` that an open step of a process on the
 * record locks for everyone (a discount while it is being approved). The processes' own actions
 * and the command line are not held by it. No query for objects whose processes lock nothing.
 */
export async function refuseStepLockedFields(ctx: OperationContext, tx: Db, target: RecordTarget, recordId: string, fieldIds: readonly string[]): Promise<void> {
  const locks = objectLocks(target);
  if (locks.size === 0 || fieldIds.length === 0 || callerAccess(ctx, target.version).access === null) return;
  const open = await tx
    .select({ processId: processTasks.processId, nodeId: processTasks.nodeId })
    .from(processTasks)
    .where(and(eq(processTasks.objectId, target.object.id), eq(processTasks.recordId, recordId), eq(processTasks.status, 'open'), inArray(processTasks.nodeId, [...new Set([...locks.values()].map((l) => l.node))])));
  const problems: Problem[] = [];
  for (const task of open) {
    const lock = locks.get(`${task.processId}\u0000${task.nodeId}`);
    if (!lock) continue;
    for (const field of fieldIds) {
      if (lock.fields.has(field) && !problems.some((p) => p.pointer === `/values/${field}`)) {
        problems.push({ pointer: `/values/${field}`, code: 'access.field-read-only', message: `The field "${field}" is locked while the step "${lock.node}" of ${lock.processId} is open.` });
      }
    }
  }
  if (problems.length > 0) throw new OperationError(403, 'access.field-read-only', problems[0]!.message, problems);
}
