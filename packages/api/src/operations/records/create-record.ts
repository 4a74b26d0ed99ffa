import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent, recordTableSql, type Db } from '@mainline/db';
import type { AutoNumberField } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { isUniqueViolation, transact } from '../org/lib/transact.ts';
import { auditCreatedSql } from './lib/audit-record.ts';
import { nextAutoNumber } from './lib/auto-numbers.ts';
import { columnValueSql } from './lib/column-value-sql.ts';
import { callerLocale, callerOwnership, draftWrite, finishWrite, prepareWrite, throwIfInvalid, type ApiRecord, type RecordOwnership } from './lib/prepare-write.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { currentRecord, notFound, table } from './lib/record-rows.ts';
import { recordTarget, type RecordTarget } from './lib/record-target.ts';
import { affectedParents, hasRollupsOver, refreshRollups } from './lib/rollups.ts';
import { checkRecordAccess, writeScope } from './lib/write-scope.ts';
import { uniqueProblems } from './values/check-unique.ts';
import { withoutHiddenFields } from './lib/field-access.ts';
import { reactToRecordWrite, startsProcesses } from '../process/lib/record-reactions.ts';

export interface CreateRecordInput {
  object: string;
  /** Field id → value in API form. Unknown, system and computed fields are refused. */
  values: Record<string, unknown>;
}

/**
 * Creates a record: validates against the configuration (every problem in one 422), fills
 * defaults, auto-numbers and formulas, owner and org unit from the caller, writes the audit entry
 * and refreshes the rollups over it — all in one transaction. Returns the record in API form.
 *
 * Most creates are one statement (see createInOneStatement); the transaction below is for objects
 * with auto-numbers or rollups over them, and for every create whose fast attempt did not insert,
 * which then reports each problem precisely.
 */
export async function createRecord(ctx: OperationContext, input: CreateRecordInput): Promise<ApiRecord> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'create');
  const id = randomUUID();
  const now = new Date();
  if (!needsTransaction(target)) {
    const created = await createInOneStatement(ctx, target, id, input.values, now);
    if (created) return withoutHiddenFields(ctx, target, created);
  }
  const written: { values?: ApiRecord } = {};
  try {
    const created = await transact(ctx, (tx) => insertRecord(ctx, tx, target, id, input.values, now, written));
    return withoutHiddenFields(ctx, target, created);
  } catch (error) {
    if (isUniqueViolation(error)) throwIfInvalid(target, uniqueProblems(target, written.values ?? {}, callerLocale(ctx)), callerLocale(ctx));
    throw error;
  }
}

/**
 * A create in the caller's transaction (createRecord's full path; processes create related
 * records through it): checks, auto-numbers, the row and its audit entry, rollups, and the
 * processes the new record starts. `written` receives the values written, for unique-violation
 * reports; `ownership` gives the record to someone other than the caller (a process step's record
 * goes to the owner and unit of the record the process runs on).
 */
export async function insertRecord(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  id: string,
  values: unknown,
  now: Date,
  written: { values?: ApiRecord } = {},
  ownership: RecordOwnership = callerOwnership(ctx),
): Promise<ApiRecord> {
  const prepared = await prepareWrite(ctx, tx, target, { before: null, id, values, now, ownership });
  checkRecordAccess(ctx, target, 'create', { after: prepared.after }, () => notFound(target, id));
  written.values = prepared.written;
  const columns: ApiRecord = { ...prepared.columns };
  for (const field of target.object.fields) {
    if (field.type === 'autoNumber') columns[field.id] = await nextAutoNumber(ctx, tx, target.object.id, field as AutoNumberField, now);
  }
  const [created] = await ctx.database.rows<ApiRecord>(insertSql(ctx, target, id, columns, now, [], ownership), tx);
  await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [created!]), now);
  // a process the create started may have changed the record already (its first actions)
  if ((await reactToRecordWrite(ctx, tx, target, null, created!)) > 0) return currentRecord(ctx, tx, target, id);
  return created!;
}

/** Auto-numbers take a counter row lock, rollups a second statement and processes started by the create their own: all need the transaction. */
function needsTransaction(target: RecordTarget): boolean {
  return target.object.fields.some((f) => f.type === 'autoNumber') || hasRollupsOver(target.version, target.object.id) || startsProcesses(target, 'create');
}

/**
 * The common create in one statement (atomic on its own, one round trip): the values checked in
 * memory, then INSERT … SELECT guarded by the existence of every referenced record and user, with
 * the audit entry in the same statement; unique fields are left to their unique indexes. Returns
 * null when anything is wrong — a problem in the values, a missing reference, a taken unique
 * value — and nothing was written: the caller then runs the full checks, which report it.
 */
async function createInOneStatement(ctx: OperationContext, target: RecordTarget, id: string, values: Record<string, unknown>, now: Date): Promise<ApiRecord | null> {
  const draft = draftWrite(ctx, target, { before: null, id, values, now });
  if (draft.problems.length > 0) return null;
  let columns: ApiRecord;
  try {
    const prepared = finishWrite(ctx, target, draft, now);
    checkRecordAccess(ctx, target, 'create', { after: prepared.after }, () => notFound(target, id));
    columns = prepared.columns;
  } catch (error) {
    if (error instanceof OperationError && error.status === 422) return null;
    throw error;
  }
  try {
    const statement = insertSql(ctx, target, id, columns, now, existenceGuards(target, draft.stored));
    const [created] = await ctx.database.rows<ApiRecord>(statement, undefined, { prepareAs: `create_v${target.version.id}` });
    return created ?? null;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** `EXISTS (…)` for each referenced record (live) and user (enabled) among the values. */
function existenceGuards(target: RecordTarget, values: ApiRecord): SQL[] {
  const guards: SQL[] = [];
  for (const [fieldId, value] of Object.entries(values)) {
    const field = target.fields.get(fieldId);
    if (value === null || !field) continue;
    if (field.type === 'user') guards.push(sql`EXISTS (SELECT 1 FROM users WHERE id = ${value as string}::uuid AND disabled_at IS NULL)`);
    if (field.type === 'reference') {
      const referenced = target.version.physical.objects[field.target]?.table;
      guards.push(referenced === undefined ? sql`false` : sql`EXISTS (SELECT 1 FROM ${sql.raw(recordTableSql(referenced))} WHERE "id" = ${value as string}::uuid AND "deletedAt" IS NULL)`);
    }
  }
  return guards;
}

/**
 * The record and its audit entry in one statement; with `guards`, the row is inserted only when
 * they all hold (no row returned otherwise). Rollup fields of the new record start at 0.
 */
function insertSql(ctx: OperationContext, target: RecordTarget, id: string, fieldValues: ApiRecord, now: Date, guards: SQL[] = [], ownership: RecordOwnership = callerOwnership(ctx)): SQL {
  const actor = ctx.actor.userId;
  const at = now.toISOString();
  const names = ['"id"', '"owner"', '"orgUnit"', '"createdBy"', '"updatedBy"', '"createdAt"', '"updatedAt"'];
  const values = [sql`${id}::uuid`, sql`${ownership.owner}::uuid`, sql`${ownership.orgUnit}::uuid`, sql`${actor}::uuid`, sql`${actor}::uuid`, sql`${at}::timestamptz`, sql`${at}::timestamptz`];
  const columns: ApiRecord = { ...fieldValues };
  for (const field of target.object.fields) {
    if (field.type === 'rollup' && (field.function === 'count' || field.function === 'sum')) columns[field.id] = 0;
  }
  for (const [fieldId, value] of Object.entries(columns)) {
    const mapped = target.mapped.fields[fieldId];
    if (!mapped) continue;
    names.push(quoteIdent(mapped.column));
    values.push(columnValueSql(value, mapped.type));
  }
  const where = guards.length === 0 ? sql`` : sql` WHERE ${sql.join(guards, sql` AND `)}`;
  return sql`WITH "created" AS (INSERT INTO ${table(target)} (${sql.raw(names.join(', '))}) SELECT ${sql.join(values, sql`, `)}${where} RETURNING ${recordSelectList(target)}),
    "audited" AS (${auditCreatedSql(ctx, target, id, 'created')})
    SELECT * FROM "created"`;
}

