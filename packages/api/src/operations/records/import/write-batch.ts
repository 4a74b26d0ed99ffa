import { sql } from 'drizzle-orm';
import { quoteIdent, recordTableSql, systemColumnNames, type Db, type MappedColumn } from '@mainline/db';
import type { AutoNumberField } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { fieldChanges } from '../lib/audit-record.ts';
import { reserveAutoNumbers } from '../lib/auto-numbers.ts';
import type { ApiRecord } from '../lib/prepare-write.ts';
import { conflict, table } from '../lib/record-rows.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { affectedParents, refreshRollups } from '../lib/rollups.ts';
import { copyClientOf, copyRows, copyText, copyValue } from './copy-rows.ts';
import { breathe, YIELD_EVERY, type GoodRow } from './import-batch.ts';
import { importReactions, startImportedProcesses } from './start-processes.ts';

export interface WrittenBatch {
  created: number;
  updated: number;
  unchanged: number;
}

/** Writes the checked rows of each batch in the import's transaction. */
export interface BatchWriter {
  /** `copy` on PostgreSQL (COPY FROM STDIN), `json` on PGlite. */
  readonly via: 'copy' | 'json';
  write(rows: GoodRow[], now: Date): Promise<WrittenBatch>;
  /** Prepares the COPY text of new records ahead of their write (`GoodRow.copy`), when it needs no statement (no auto-number). */
  ahead(rows: GoodRow[], now: Date): Promise<void>;
  /** Waits for the COPY statements still running; throws the first one's error. */
  settle(): Promise<void>;
  /** The first and last row of the batch whose COPY failed, once settle has thrown. */
  failedRows(): { line: number }[] | undefined;
}

const SYSTEM = ['id', 'owner', 'orgUnit', 'createdBy', 'updatedBy', 'createdAt', 'updatedAt'] as const;

/**
 * The writer of one import (in its transaction `tx`). New records: on PostgreSQL one
 * `COPY … FROM STDIN` per batch into the record table and one into audit_log, chained and not
 * awaited (the next batch is prepared meanwhile; every other statement first waits for them,
 * `settle`); on PGlite (no COPY FROM STDIN through the client) one INSERT … SELECT
 * FROM json_populate_recordset per batch and one audit INSERT. Changed records: one UPDATE … FROM
 * json_populate_recordset per batch (guarded by their row versions). Auto-numbers are reserved
 * for the batch at once; rollups of the affected parents refreshed once per batch. Audit entries
 * `record.import`, before/after per field, `details.import` the run's id. When a process of the
 * object starts on create (or update), the batch's records then start theirs, in the same
 * transaction (startImportedProcesses); otherwise nothing more is done.
 */
export function batchWriter(ctx: OperationContext, tx: Db, target: RecordTarget, details: Record<string, unknown>): BatchWriter {
  const client = ctx.database.kind === 'postgres' ? copyClientOf(tx) : null;
  const fields = target.object.fields.flatMap((f) => (target.mapped.fields[f.id] ? [{ id: f.id, mapped: target.mapped.fields[f.id]! }] : []));
  const columns = [...SYSTEM, ...fields.map((f) => f.mapped.column)];
  const changeKeys = target.object.fields.filter((f) => !systemColumnNames.has(f.id)).map((f) => ({ id: f.id, key: `${JSON.stringify(f.id)}:{"before":null,"after":` }));
  const detailsJson = JSON.stringify({ by: ctx.actor.username, via: ctx.actor.via, ...details });
  const audit: AuditRows = { prefix: `${ctx.actor.userId ?? '\\N'}\trecord.import\t${copyText(target.object.id)}\t`, middle: `\t${target.version.id}\t`, suffix: `\t${copyText(detailsJson)}\n` };
  // COPY statements run one after the other on the connection, chained (the first failure skips the rest)
  let tail: Promise<void> = Promise.resolve();
  let failure: unknown;
  let failedRows: { line: number }[] | undefined;
  const chain = (statement: string, text: string, batch: GoodRow[]) => {
    const rows = [{ line: batch[0]!.line }, { line: batch[batch.length - 1]!.line }]; // not the rows themselves: they can go while the COPY runs
    tail = tail
      .then(() => (failure === undefined ? copyRows(client!, statement, text) : undefined))
      .catch((error: unknown) => {
        if (failure !== undefined) return;
        failure = error;
        failedRows = rows;
      });
  };
  const settle = async () => {
    await tail;
    if (failure !== undefined) throw failure;
  };
  const insertSql = client ? `COPY ${recordTableSql(target.mapped.table)} (${columns.map(quoteIdent).join(', ')}) FROM STDIN` : '';
  const auditSql = 'COPY audit_log (actor_id, action, object_id, record_id, version_id, changes, details) FROM STDIN';
  const serializer = (now: Date) => {
    const at = now.toISOString();
    const systemText = `\t${[ctx.actor.userId, ctx.actor.orgUnitId ?? null, ctx.actor.userId, ctx.actor.userId].map((v) => copyValue(v, 'uuid')).join('\t')}\t${at}\t${at}`;
    return (id: string, after: ApiRecord) => {
      let record = id + systemText;
      for (const f of fields) record += `\t${copyValue(after[f.id], f.mapped.type)}`;
      return { record: `${record}\n`, audit: audit.prefix + id + audit.middle + createdChangesCopy(changeKeys, after) + audit.suffix };
    };
  };
  const autoNumbered = target.object.fields.some((f) => f.type === 'autoNumber');
  const reactions = importReactions(target);
  return {
    via: client ? 'copy' : 'json',
    settle,
    failedRows: () => failedRows,
    async ahead(rows, now) {
      if (!client || autoNumbered) return;
      const serialize = serializer(now);
      const computed = rollupStarts(target);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
        if (row.before === null) row.copy = serialize(row.id, withComputed(row.prepared.after, computed, i));
      }
    },
    async write(rows, now) {
      const creates = rows.filter((r) => r.before === null);
      const updates = rows.filter((r) => r.before !== null && !r.unchanged);
      const afters: ApiRecord[] = [];
      const audits: AuditEntry[] = [];
      if (creates.length > 0) {
        const computed = await computedValues(ctx, tx, target, creates.length, now, settle);
        const at = now.toISOString();
        const system = [ctx.actor.userId, ctx.actor.orgUnitId ?? null, ctx.actor.userId, ctx.actor.userId, at, at];
        if (client) {
          let text = '';
          let auditText = '';
          const serialize = serializer(now);
          for (let i = 0; i < creates.length; i++) {
            const row = creates[i]!;
            if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
            const after = withComputed(row.prepared.after, computed, i);
            afters.push(after);
            const copy = row.copy ?? serialize(row.id, after);
            text += copy.record;
            auditText += copy.audit;
          }
          chain(insertSql, text, creates);
          chain(auditSql, auditText, creates);
        } else {
          const json = creates.map((row, i) => {
            const after = withComputed(row.prepared.after, computed, i);
            afters.push(after);
            audits.push({ id: row.id, changes: createdChanges(target, after) });
            const out: ApiRecord = { id: row.id, owner: system[0], orgUnit: system[1], createdBy: system[2], updatedBy: system[3], createdAt: at, updatedAt: at };
            for (const f of fields) out[f.mapped.column] = after[f.id] ?? null;
            return out;
          });
          await insertJson(tx, target, columns, json);
        }
      }
      if (updates.length > 0) {
        for (const row of updates) {
          afters.push(row.prepared.after);
          audits.push({ id: row.id, changes: JSON.stringify(fieldChanges(target, row.before, row.prepared.after)) });
        }
        await settle();
        await updateJson(ctx, tx, target, updates, now);
      }
      if (audits.length > 0) {
        if (client) chain(auditSql, auditCopyText(audit, audits), updates);
        else await insertAuditsJson(ctx, tx, target, audits, detailsJson);
      }
      if (afters.length > 0) {
        const parents = affectedParents(target.version, target.object.id, [...updates.map((u) => u.before), ...afters]);
        if (parents.size > 0) {
          await settle();
          await refreshRollups(ctx, tx, target.version, target.object.id, parents, now);
        }
      }
      if (reactions && (creates.length > 0 || updates.length > 0)) {
        await settle();
        await startImportedProcesses(ctx, tx, target, reactions, rows);
      }
      return { created: creates.length, updated: updates.length, unchanged: rows.length - creates.length - updates.length };
    },
  };
}

interface AuditEntry {
  id: string;
  /** fieldChanges as JSON text. */
  changes: string;
}

/** An audit row in COPY text is prefix + record id + middle + changes + suffix. */
interface AuditRows {
  prefix: string;
  middle: string;
  suffix: string;
}

function auditCopyText(audit: AuditRows, entries: AuditEntry[]): string {
  let text = '';
  for (const e of entries) text += audit.prefix + e.id + audit.middle + copyText(e.changes) + audit.suffix;
  return text;
}

/** The count/sum rollups a new record starts at (0). */
function rollupStarts(target: RecordTarget): [string, number][] {
  return target.object.fields.filter((f) => f.type === 'rollup' && (f.function === 'count' || f.function === 'sum')).map((f) => [f.id, 0]);
}

/** Auto-numbers reserved for `count` new records, and the count/sum rollups they start at (0). */
async function computedValues(ctx: OperationContext, tx: Db, target: RecordTarget, count: number, now: Date, settle: () => Promise<void>): Promise<[string, string[] | number][]> {
  const computed: [string, string[] | number][] = [];
  for (const field of target.object.fields) {
    if (field.type === 'autoNumber') {
      await settle();
      computed.push([field.id, await reserveAutoNumbers(ctx, tx, target.object.id, field as AutoNumberField, count, now)]);
    }
    if (field.type === 'rollup' && (field.function === 'count' || field.function === 'sum')) computed.push([field.id, 0]);
  }
  return computed;
}

function withComputed(after: ApiRecord, computed: [string, string[] | number][], i: number): ApiRecord {
  if (computed.length === 0) return after;
  const out: ApiRecord = { ...after };
  for (const [id, v] of computed) out[id] = Array.isArray(v) ? v[i] : v;
  return out;
}

/** JSON text of fieldChanges(target, null, after) — `{ before: null, after }` per field with a value — as a COPY text field. */
function createdChangesCopy(keys: { id: string; key: string }[], after: ApiRecord): string {
  let json = '{';
  for (const { id, key } of keys) {
    const value = after[id];
    if (value === null || value === undefined) continue;
    const text = typeof value === 'number' ? String(value) : typeof value === 'boolean' ? (value ? 'true' : 'false') : copyText(JSON.stringify(value));
    json += `${json.length === 1 ? '' : ','}${key}${text}}`;
  }
  return `${json}}`;
}

/** JSON text of fieldChanges(target, null, after). */
function createdChanges(target: RecordTarget, after: ApiRecord): string {
  return JSON.stringify(fieldChanges(target, null, after));
}

async function insertJson(tx: Db, target: RecordTarget, columns: string[], json: ApiRecord[]): Promise<void> {
  const list = columns.map(quoteIdent).join(', ');
  await tx.execute(sql`INSERT INTO ${table(target)} (${sql.raw(list)}) SELECT ${sql.raw(list)} FROM json_populate_recordset(NULL::${sql.raw(recordTableSql(target.mapped.table))}, ${JSON.stringify(json)}::json)`);
}

async function insertAuditsJson(ctx: OperationContext, tx: Db, target: RecordTarget, audits: AuditEntry[], detailsJson: string): Promise<void> {
  const rows = `[${audits.map((a) => `{"record_id":"${a.id}","changes":${a.changes}}`).join(',')}]`;
  await tx.execute(
    sql`INSERT INTO audit_log (actor_id, action, object_id, record_id, version_id, changes, details) SELECT ${ctx.actor.userId}::uuid, 'record.import', ${target.object.id}, r.record_id, ${target.version.id}::int, r.changes, ${detailsJson}::jsonb FROM jsonb_to_recordset(${rows}::jsonb) AS r(record_id uuid, changes jsonb)`,
  );
}

/** The changed records of a batch in one UPDATE, each guarded by the row version it was read at (409 records.conflict otherwise). */
async function updateJson(ctx: OperationContext, tx: Db, target: RecordTarget, updates: GoodRow[], now: Date): Promise<void> {
  const fieldIds = new Set<string>();
  for (const row of updates) for (const id of Object.keys(row.prepared.columns)) fieldIds.add(id);
  const mapped = [...fieldIds].map((id) => [id, target.mapped.fields[id]] as const).filter((m): m is readonly [string, MappedColumn] => m[1] !== undefined);
  const json = updates.map((row) => {
    const out: ApiRecord = { id: row.id, rowVersion: row.before!.rowVersion };
    for (const [id, m] of mapped) out[m.column] = row.prepared.after[id] ?? null;
    return out;
  });
  const sets = [...mapped.map(([, m]) => `${quoteIdent(m.column)} = j.${quoteIdent(m.column)}`), '"rowVersion" = t."rowVersion" + 1'].join(', ');
  const changed = await ctx.database.rows<{ id: string }>(
    sql`UPDATE ${table(target)} AS t SET ${sql.raw(sets)}, "updatedAt" = ${now.toISOString()}::timestamptz, "updatedBy" = ${ctx.actor.userId}::uuid FROM json_populate_recordset(NULL::${sql.raw(recordTableSql(target.mapped.table))}, ${JSON.stringify(json)}::json) AS j WHERE t."id" = j."id" AND t."rowVersion" = j."rowVersion" AND t."deletedAt" IS NULL RETURNING t."id"::text AS id`,
    tx,
  );
  if (changed.length !== updates.length) {
    const done = new Set(changed.map((c) => c.id));
    const lost = updates.find((u) => !done.has(u.id))!;
    throw conflict(target, lost.id, lost.before!.rowVersion);
  }
}
