import { auditLog, systemColumnNames, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { sameValue } from './formulas.ts';
import type { ApiRecord } from './prepare-write.ts';
import type { RecordTarget } from './record-target.ts';

export type RecordAction = 'record.create' | 'record.update' | 'record.delete' | 'record.restore' | 'record.bulk-update';

/** Field by field `{ before, after }` of the fields that changed (system columns left out). */
export function fieldChanges(target: RecordTarget, before: ApiRecord | null, after: ApiRecord | null): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of target.object.fields) {
    if (systemColumnNames.has(field.id)) continue;
    const b = before?.[field.id] ?? null;
    const a = after?.[field.id] ?? null;
    if (!sameValue(b, a)) changes[field.id] = { before: b, after: a };
  }
  return changes;
}

/** One audit entry of a record change, in the transaction of the change. */
export async function auditRecord(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  entry: { action: RecordAction; recordId: string; changes: Record<string, { before: unknown; after: unknown }>; details?: Record<string, unknown> },
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: ctx.actor.userId,
    action: entry.action,
    objectId: target.object.id,
    recordId: entry.recordId,
    versionId: target.version.id,
    changes: entry.changes,
    details: { by: ctx.actor.username, via: ctx.actor.via, ...entry.details },
  });
}
