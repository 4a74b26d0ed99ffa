import { and, desc, eq, like } from 'drizzle-orm';
import { auditLog, users } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { findRecord, notFound } from './get-record.ts';
import { hiddenFields } from './lib/field-access.ts';
import { recordTarget } from './lib/record-target.ts';
import { actionRules } from './lib/caller-access.ts';
import { requireReader } from './lib/read-scope.ts';

export interface RecordHistoryInput {
  object: string;
  id: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  /** The user who made the change (null for the command line), and their username. */
  actorId: string | null;
  actor: string | null;
  versionId: number | null;
  changes: Record<string, { before: unknown; after: unknown }>;
}

/** The audit timeline of one record, newest first; 404 for an id that never was a record of the object (no row, no audit entry). */
export async function recordHistory(ctx: OperationContext, input: RecordHistoryInput): Promise<HistoryEntry[]> {
  const target = await recordTarget(ctx, input.object);
  requireReader(ctx);
  if (!/^[0-9a-f-]{36}$/i.test(input.id)) throw notFound(target, input.id);
  const rows = await ctx.database.db
    .select({ at: auditLog.at, action: auditLog.action, actorId: auditLog.actorId, username: users.username, details: auditLog.details, versionId: auditLog.versionId, changes: auditLog.changes })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.objectId, target.object.id), eq(auditLog.recordId, input.id), like(auditLog.action, 'record.%')))
    .orderBy(desc(auditLog.at), desc(auditLog.id));
  // the history of a record is for those who may read it (deleted or not); of a purged record (audit only), for the command line
  const unrestricted = actionRules(ctx, target.version, target.object.id, 'read') === null;
  if (!(unrestricted && rows.length > 0) && !(await findRecord(ctx, target, input.id, { includeDeleted: true }))) throw notFound(target, input.id);
  // a field hidden from the caller now stays hidden in its past values
  const hidden = hiddenFields(ctx, target);
  return rows.map((r) => ({
    at: r.at.toISOString(),
    action: r.action,
    actorId: r.actorId,
    actor: r.username ?? (typeof r.details?.by === 'string' ? r.details.by : null),
    versionId: r.versionId,
    changes: hidden.size === 0 ? (r.changes ?? {}) : Object.fromEntries(Object.entries(r.changes ?? {}).filter(([field]) => !hidden.has(field))),
  }));
}
