import { sql, type SQL } from 'drizzle-orm';
import { auditLog, systemColumnNames, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { sameValue } from './formulas.ts';
import type { ApiRecord } from './prepare-write.ts';
import type { RecordTarget } from './record-target.ts';

export type RecordAction = 'record.create' | 'record.update' | 'record.delete' | 'record.restore' | 'record.bulk-update' | 'record.transfer';

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

/** What an audit entry of a record change says. */
export interface RecordAuditEntry {
  action: RecordAction;
  recordId: string;
  changes: Record<string, { before: unknown; after: unknown }>;
  details?: Record<string, unknown>;
}

/** Who changed it and through what, with the entry's own details. */
function auditDetails(ctx: OperationContext, details?: Record<string, unknown>): Record<string, unknown> {
  return { by: ctx.actor.username, via: ctx.actor.via, ...details };
}

/** One audit entry of a record change, in the transaction of the change. */
export async function auditRecord(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  entry: RecordAuditEntry,
): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: ctx.actor.userId,
    action: entry.action,
    objectId: target.object.id,
    recordId: entry.recordId,
    versionId: target.version.id,
    changes: entry.changes,
    details: auditDetails(ctx, entry.details),
  });
}

/** The audit entry of auditRecord as an `INSERT … SELECT … FROM "<from>"` (a CTE of the change's statement: one entry per row of it). */
export function auditEntrySql(
  ctx: OperationContext,
  target: RecordTarget,
  entry: RecordAuditEntry,
  from: string,
): SQL {
  const details = auditDetails(ctx, entry.details);
  return sql`INSERT INTO audit_log (actor_id, action, object_id, record_id, version_id, changes, details)
    SELECT ${ctx.actor.userId ?? null}::uuid, ${entry.action}, ${target.object.id}, ${entry.recordId}::uuid, ${target.version.id}::int, ${JSON.stringify(entry.changes)}::jsonb, ${JSON.stringify(details)}::jsonb
    FROM ${sql.raw(`"${from}"`)}`;
}

/**
 * The audit entry of a created record as an `INSERT … SELECT` from the CTE `row` (the record in
 * API form, `INSERT … RETURNING`), for the same statement as the record's insert: `changes` is what
 * fieldChanges(target, null, row) gives — `{ before: null, after }` per field with a value — built
 * from the row's JSON by the database.
 */
export function auditCreatedSql(ctx: OperationContext, target: RecordTarget, recordId: string, row: string): SQL {
  const details = auditDetails(ctx);
  const table = sql.raw(`"${row}"`);
  return sql`INSERT INTO audit_log (actor_id, action, object_id, record_id, version_id, changes, details)
    SELECT ${ctx.actor.userId ?? null}::uuid, 'record.create', ${target.object.id}, ${recordId}::uuid, ${target.version.id}::int,
      (SELECT coalesce(jsonb_object_agg(f.key, jsonb_build_object('before', null, 'after', f.value)), '{}'::jsonb)
         FROM jsonb_each(to_jsonb(${table}) - ${sql.param([...systemColumnNames])}::text[]) AS f WHERE jsonb_typeof(f.value) <> 'null'),
      ${JSON.stringify(details)}::jsonb
    FROM ${table}`;
}
