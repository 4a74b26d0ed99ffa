import { sql } from 'drizzle-orm';
import { quoteIdent, recordTableSql, type Db } from '@mainline/db';
import type { AutoNumberField } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { fieldChanges } from '../lib/audit-record.ts';
import { reserveAutoNumbers } from '../lib/auto-numbers.ts';
import type { ApiRecord } from '../lib/prepare-write.ts';
import { conflict, table } from '../lib/record-rows.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { affectedParents, refreshRollups } from '../lib/rollups.ts';
import type { GoodRow } from './import-batch.ts';

export interface WrittenBatch {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Writes the checked rows of one batch in the caller's transaction: one INSERT … SELECT FROM
 * json_populate_recordset for the new records (auto-numbers reserved for the whole batch), one
 * UPDATE … FROM json_populate_recordset for the changed ones (guarded by their row versions),
 * one audit INSERT ('record.import', before/after per field) and the rollups of the affected
 * parents once. Every value travels inside the one JSON parameter of each statement.
 */
export async function writeBatch(ctx: OperationContext, tx: Db, target: RecordTarget, rows: GoodRow[], now: Date, details: Record<string, unknown>): Promise<WrittenBatch> {
  const creates = rows.filter((r) => r.before === null);
  const updates = rows.filter((r) => r.before !== null && !r.unchanged);
  const audits: { record_id: string; changes: unknown }[] = [];
  const afters: ApiRecord[] = [];
  const recordType = recordTableSql(target.mapped.table);

  if (creates.length > 0) {
    const computed: Record<string, string[] | number> = {};
    for (const field of target.object.fields) {
      if (field.type === 'autoNumber') computed[field.id] = await reserveAutoNumbers(ctx, tx, target.object.id, field as AutoNumberField, creates.length, now);
      if (field.type === 'rollup' && (field.function === 'count' || field.function === 'sum')) computed[field.id] = 0;
    }
    const at = now.toISOString();
    const system = { owner: ctx.actor.userId, orgUnit: ctx.actor.orgUnitId ?? null, createdBy: ctx.actor.userId, updatedBy: ctx.actor.userId, createdAt: at, updatedAt: at };
    const fieldIds = new Set<string>(Object.keys(computed));
    const json = creates.map((row, i) => {
      const after: ApiRecord = { ...row.prepared.after };
      for (const [id, v] of Object.entries(computed)) after[id] = Array.isArray(v) ? v[i] : v;
      afters.push(after);
      audits.push({ record_id: row.id, changes: fieldChanges(target, null, after) });
      const out: ApiRecord = { id: row.id, ...system };
      for (const id of Object.keys(row.prepared.columns)) fieldIds.add(id);
      for (const id of fieldIds) {
        const mapped = target.mapped.fields[id];
        if (mapped) out[mapped.column] = after[id] ?? null;
      }
      return out;
    });
    const columns = ['id', 'owner', 'orgUnit', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt', ...[...fieldIds].map((id) => target.mapped.fields[id]?.column).filter((c): c is string => c !== undefined)];
    // Rows built before a later row added a field id lack it: json_populate_recordset gives null, which is what they hold.
    const list = columns.map(quoteIdent).join(', ');
    await tx.execute(sql`INSERT INTO ${table(target)} (${sql.raw(list)}) SELECT ${sql.raw(list)} FROM json_populate_recordset(NULL::${sql.raw(recordType)}, ${JSON.stringify(json)}::json)`);
  }

  if (updates.length > 0) {
    const fieldIds = new Set<string>();
    for (const row of updates) for (const id of Object.keys(row.prepared.columns)) fieldIds.add(id);
    const columns = [...fieldIds].map((id) => target.mapped.fields[id]?.column).filter((c): c is string => c !== undefined);
    const json = updates.map((row) => {
      afters.push(row.prepared.after);
      audits.push({ record_id: row.id, changes: fieldChanges(target, row.before, row.prepared.after) });
      const out: ApiRecord = { id: row.id, rowVersion: row.before!.rowVersion };
      for (const id of fieldIds) out[target.mapped.fields[id]!.column] = row.prepared.after[id] ?? null;
      return out;
    });
    const sets = [...columns.map((c) => `${quoteIdent(c)} = j.${quoteIdent(c)}`), '"rowVersion" = t."rowVersion" + 1'].join(', ');
    const changed = await ctx.database.rows<{ id: string }>(
      sql`UPDATE ${table(target)} AS t SET ${sql.raw(sets)}, "updatedAt" = ${now.toISOString()}::timestamptz, "updatedBy" = ${ctx.actor.userId}::uuid FROM json_populate_recordset(NULL::${sql.raw(recordType)}, ${JSON.stringify(json)}::json) AS j WHERE t."id" = j."id" AND t."rowVersion" = j."rowVersion" AND t."deletedAt" IS NULL RETURNING t."id"::text AS id`,
      tx,
    );
    if (changed.length !== updates.length) {
      const done = new Set(changed.map((c) => c.id));
      const lost = updates.find((u) => !done.has(u.id))!;
      throw conflict(target, lost.id, lost.before!.rowVersion);
    }
  }

  if (audits.length > 0) {
    const detailsJson = JSON.stringify({ by: ctx.actor.username, via: ctx.actor.via, ...details });
    await tx.execute(
      sql`INSERT INTO audit_log (actor_id, action, object_id, record_id, version_id, changes, details) SELECT ${ctx.actor.userId}::uuid, 'record.import', ${target.object.id}, r.record_id, ${target.version.id}::int, r.changes, ${detailsJson}::jsonb FROM jsonb_to_recordset(${JSON.stringify(audits)}::jsonb) AS r(record_id uuid, changes jsonb)`,
    );
    const befores = updates.map((u) => u.before);
    await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [...befores, ...afters]), now);
  }
  return { created: creates.length, updated: updates.length, unchanged: rows.length - creates.length - updates.length };
}
