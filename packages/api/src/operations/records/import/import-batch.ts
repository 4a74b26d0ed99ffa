import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { quoteIdent, type Db } from '@mainline/db';
import type { ExprEnv } from '@mainline/expr';
import type { Field } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { OperationError, type Problem } from '../../../errors.ts';
import { sameValue } from '../lib/formulas.ts';
import { checkRecordAccess } from '../lib/write-scope.ts';
import { draftWrite, finishWrite, type ApiRecord, type PreparedWrite, type WriteDraft } from '../lib/prepare-write.ts';
import { apiValueSql, recordSelectList } from '../lib/record-columns.ts';
import { table } from '../lib/record-rows.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { uniqueProblem } from '../values/check-unique.ts';
import { valueProblem, type Locale } from '../values/value-problem.ts';
import { cellValue, isPending } from './cell-value.ts';
import type { ImportColumn } from './column-mapping.ts';
import type { CsvRow } from './csv-source.ts';
import type { ImportError } from './import-types.ts';
import { keyFieldsOf, resolveReferences, resolveUsers, type Resolution } from './lookups.ts';

/** A row that passed every check: what to write. */
export interface GoodRow {
  line: number;
  id: string;
  before: ApiRecord | null;
  prepared: PreparedWrite;
  unchanged: boolean;
  /** The new record's row and audit row as COPY text, when the writer made them ahead (`BatchContext.ahead`). */
  copy?: { record: string; audit: string };
}

export interface CheckedBatch {
  good: GoodRow[];
  errors: ImportError[];
  /** Rows with at least one error. */
  failed: number;
}

export interface BatchContext {
  ctx: OperationContext;
  target: RecordTarget;
  env: ExprEnv;
  locale: Locale;
  headers: number;
  columns: ImportColumn[];
  keyColumn: ImportColumn | undefined;
  now: Date;
  /** The import's transaction: earlier batches of the file are written in it. */
  tx: Db;
  /** Waits until the transaction's connection is free for the look-ups (the previous batch written). */
  settle: () => Promise<void>;
  /** Given the rows that pass every check but the unique one before `settle`, to prepare their writing meanwhile. */
  ahead?: (rows: GoodRow[]) => Promise<void>;
}

interface Pending {
  line: number;
  /** The new record's id (a key-matched row takes its record's). */
  id: string;
  values: ApiRecord;
  key: unknown;
  problems: Problem[];
  before: ApiRecord | null;
  /** References resolved to an earlier row of the same batch: field id → that row's id. */
  inBatch?: Map<string, string>;
}

const valuesPointer = '/values/';

interface Draft {
  p: Pending;
  id: string;
  draft: WriteDraft;
}

/**
 * Checks one batch of rows exactly as createRecord / updateRecord would, but with the database
 * look-ups batched: one query per reference or user column (resolving keys, titles, usernames),
 * one for the records the key matches (locked), one per unique field. The look-ups run in the
 * import's transaction, so they see the rows of earlier batches; they start after `b.settle()`
 * (the previous batch's writes still running), and the work that needs no look-up is done before:
 * cells to values and, when the batch has no key and no reference or user cell, the whole check
 * but the unique one (`b.ahead` then gets the rows that pass, and a row the unique check refuses
 * is checked again, so its problems are exactly those of the order shape → unique → rules).
 */
export async function checkBatch(b: BatchContext, rows: CsvRow[]): Promise<CheckedBatch> {
  const { tx } = b;
  const out: CheckedBatch = { good: [], errors: [], failed: 0 };
  const pending: Pending[] = [];
  const writable = b.columns.filter((c) => c.writable);
  let lookups = false;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    if (row.syntax !== undefined) {
      out.failed++;
      out.errors.push({ row: row.line, column: null, field: null, code: 'records.import.csv-syntax', message: row.syntax });
      continue;
    }
    if (row.cells.length !== b.headers) {
      out.failed++;
      out.errors.push({ row: row.line, column: null, field: null, code: 'records.import.column-count', message: `The row has ${row.cells.length} columns; the header has ${b.headers}.` });
      continue;
    }
    const values: ApiRecord = {};
    for (const column of writable) {
      const value = cellValue(column.field, row.cells[column.index]!);
      if (isPending(value)) lookups = true;
      values[column.field.id] = value;
    }
    const key = b.keyColumn ? keyOf(b.keyColumn, row.cells[b.keyColumn.index]!) : null;
    pending.push({ line: row.line, id: randomUUID(), values, key, problems: [], before: null });
  }
  let early: Draft[] | undefined;
  let earlyGood: (GoodRow | undefined)[] | undefined;
  if (!lookups && !b.keyColumn) {
    early = await draftsOf(b, pending);
    earlyGood = [];
    for (let i = 0; i < early.length; i++) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
      earlyGood.push(early[i]!.draft.problems.length === 0 ? finished(b, early[i]!) : undefined);
    }
    await b.ahead?.(earlyGood.filter((g): g is GoodRow => g !== undefined));
  }
  await b.settle();
  await resolveLookups(b, pending, tx);
  await findBefores(b, pending, tx);
  const drafts = early ?? (await draftsOf(b, pending));
  await checkUniqueBatch(b, drafts, tx);

  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    const { p, draft } = d;
    const ready = earlyGood?.[i];
    if (ready && draft.problems.length === 0) {
      out.good.push(ready);
      continue;
    }
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    try {
      out.good.push(finishRow(b, d));
    } catch (error) {
      if (!(error instanceof OperationError) || error.status !== 422) throw error;
      out.failed++;
      for (const problem of error.problems) out.errors.push(rowError(b, p.line, problem));
    }
  }
  dropDependents(b, pending, out);
  if (out.errors.length > 0) out.errors.sort((x, y) => x.row - y.row);
  return out;
}

/** Rows checked between two turns of the event loop (which lets the previous batch's COPY statements move on). */
export const YIELD_EVERY = 50;

/** Gives the event loop a turn. */
export function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function draftsOf(b: BatchContext, pending: Pending[]): Promise<Draft[]> {
  const drafts: Draft[] = [];
  for (let i = 0; i < pending.length; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) await breathe();
    drafts.push(draftOf(b, pending[i]!));
  }
  return drafts;
}

function finishRow(b: BatchContext, { p, id, draft }: Draft): GoodRow {
  const prepared = finishWrite(b.ctx, b.target, draft, b.now, b.env);
  rowAccess(b, p.before, prepared.after);
  const unchanged = p.before !== null && Object.entries(prepared.columns).every(([f, v]) => sameValue(p.before![f], v));
  return { line: p.line, id, before: p.before, prepared, unchanged };
}

/** finishRow ahead of the unique check, for a draft without problems; undefined (and the draft as it was) when it fails. */
function finished(b: BatchContext, d: Draft): GoodRow | undefined {
  try {
    return finishRow(b, d);
  } catch (error) {
    if (!(error instanceof OperationError) || error.status !== 422) throw error;
    d.draft.problems.length = 0; // the rules' problems: finishRow after the unique check finds them again
    return undefined;
  }
}

/** draftWrite of a row; a field whose look-up failed is not also reported as required. */
function draftOf(b: BatchContext, p: Pending): Draft {
  const id = (p.before?.id as string | undefined) ?? p.id;
  const draft = draftWrite(b.ctx, b.target, { before: p.before, id, values: p.values, now: b.now }, b.env);
  if (p.problems.length > 0) {
    const looked = new Set(p.problems.map((x) => x.pointer));
    draft.problems = [...p.problems, ...draft.problems.filter((x) => !(looked.has(x.pointer) && x.code === 'records.value.required'))];
  }
  return { p, id, draft };
}

/**
 * The row must be allowed as createRecord / updateRecord would allow it (the record as it is, for an
 * upsert, and as it would become); a refusal is the row's problem, reported like any other (422).
 */
function rowAccess(b: BatchContext, before: ApiRecord | null, after: ApiRecord): void {
  try {
    checkRecordAccess(b.ctx, b.target, before ? 'update' : 'create', { before, after }, () => new OperationError(403, 'access.denied', 'You may not change this record.'));
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    const message = before ? 'You may not update this record, or not like this.' : 'You may not create this record.';
    throw new OperationError(422, 'records.invalid', message, [{ pointer: '/values', code: 'access.denied', message }]);
  }
}

function rowError(b: BatchContext, line: number, problem: Problem): ImportError {
  const field = problem.pointer.startsWith(valuesPointer) ? problem.pointer.slice(valuesPointer.length) : null;
  const column = field === null ? null : (b.columns.find((c) => c.field.id === field)?.header ?? null);
  return { row: line, column, field, code: problem.code, message: problem.message };
}

/** The key cell in API form (null when empty). */
function keyOf(column: ImportColumn, cell: string): unknown {
  const value = cellValue(column.field, cell);
  return value === null || isPending(value) ? null : value;
}

/** One query per reference or user column: cell texts → ids; names that match nothing (or several records) are problems. */
async function resolveLookups(b: BatchContext, pending: Pending[], tx: Db): Promise<void> {
  for (const column of b.columns) {
    const field = column.field;
    if (!column.writable || (field.type !== 'reference' && field.type !== 'user')) continue;
    const texts = new Set<string>();
    for (const p of pending) {
      const v = p.values[field.id];
      if (isPending(v)) texts.add(v.lookup);
    }
    if (texts.size === 0) continue;
    const resolved: Map<string, Resolution> =
      field.type === 'user' ? await resolveUsers(b.ctx, tx, [...texts]) : await resolveReferences(b.ctx, tx, field.target, [...texts], b.target.version);
    const earlier = field.type === 'reference' && field.target === b.target.object.id ? earlierRows(b, pending) : undefined;
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      const v = p.values[field.id];
      if (!isPending(v)) continue;
      let r = resolved.get(v.lookup)!;
      if ('missing' in r && earlier) {
        const named = earlier(v.lookup, i);
        if (named) {
          r = named;
          if ('id' in named) (p.inBatch ??= new Map()).set(field.id, named.id);
        }
      }
      if ('id' in r) {
        p.values[field.id] = r.id;
        continue;
      }
      delete p.values[field.id];
      p.problems.push(lookupProblem(field, v.lookup, r, b.locale));
    }
  }
}

/**
 * For a reference from the object to itself: the earlier row of the batch a text names by a key
 * field (unique text fields) or, else, by its title (several: ambiguous) — as the database look-up
 * does for the rows of earlier batches.
 */
function earlierRows(b: BatchContext, pending: Pending[]): (text: string, before: number) => Resolution | undefined {
  const keys = keyFieldsOf(b.target).filter((f) => f.type !== 'autoNumber').map((f) => f.id);
  const title = b.target.object.titleField;
  return (text, before) => {
    const titled: string[] = [];
    for (let i = 0; i < before; i++) {
      const p = pending[i]!;
      if (keys.some((k) => p.values[k] === text)) return { id: p.before?.id as string | undefined ?? p.id };
      if (p.values[title] === text) titled.push((p.before?.id as string | undefined) ?? p.id);
    }
    return titled.length === 1 ? { id: titled[0]! } : titled.length > 1 ? { ambiguous: titled.length } : undefined;
  };
}

/**
 * Good rows that reference a row of the same batch which is not good are not good either (the
 * record they name will not exist): reported as a missing reference, until no such row is left.
 */
function dropDependents(b: BatchContext, pending: Pending[], out: CheckedBatch): void {
  const dependents = pending.filter((p) => p.inBatch !== undefined);
  if (dependents.length === 0) return;
  for (let changed = true; changed; ) {
    changed = false;
    const good = new Set(out.good.map((g) => g.id));
    for (const p of dependents) {
      const id = (p.before?.id as string | undefined) ?? p.id;
      if (!good.has(id)) continue;
      const lost = [...p.inBatch!].find(([, target]) => !good.has(target));
      if (!lost) continue;
      const field = b.target.fields.get(lost[0])!;
      const problem = valueProblem(field.id, 'records.value.reference-missing', b.locale, 'The row this names is not imported: it has problems of its own.', '所引用的行有问题，未导入。');
      out.good = out.good.filter((g) => g.id !== id);
      out.failed++;
      out.errors.push(rowError(b, p.line, problem));
      changed = true;
    }
  }
}

function lookupProblem(field: Field, text: string, r: Resolution, locale: Locale): Problem {
  if (field.type === 'user') return valueProblem(field.id, 'records.value.user-missing', locale, `There is no active user "${text}".`, `用户 "${text}" 不存在或已停用。`);
  const target = field.type === 'reference' ? field.target : '';
  if ('ambiguous' in r) {
    return valueProblem(field.id, 'records.import.reference-ambiguous', locale, `${r.ambiguous} ${target} records have the title "${text}": use a key or the id.`, `有 ${r.ambiguous} 条 ${target} 记录的标题为 "${text}"：请改用编号或 ID。`);
  }
  return valueProblem(field.id, 'records.value.reference-missing', locale, `There is no ${target} record with the id, key or title "${text}".`, `没有 ID、编号或标题为 "${text}" 的 ${target} 记录。`);
}

/** Whether a row was written by the current transaction (an earlier row of this import). */
const MINE = 'xmin = pg_current_xact_id()::xid';

/**
 * The records the key values match (one query, locked). A key twice in the file (in this batch, or
 * matching a record an earlier batch wrote) and a computed key that matches nothing are problems.
 */
async function findBefores(b: BatchContext, pending: Pending[], tx: Db): Promise<void> {
  const column = b.keyColumn;
  if (!column) return;
  const mapped = b.target.mapped.fields[column.field.id]!;
  const keys = [...new Set(pending.map((p) => p.key).filter((k) => k !== null).map(String))];
  const byKey = new Map<string, ApiRecord[]>();
  const earlier = new Set<string>();
  if (keys.length > 0) {
    const rows = await b.ctx.database.rows<ApiRecord>(
      sql`SELECT ${recordSelectList(b.target)}, ${sql.raw(apiValueSql(quoteIdent(mapped.column), mapped.type))} AS "__key", ${sql.raw(MINE)} AS "__mine" FROM ${table(b.target)} WHERE "deletedAt" IS NULL AND ${sql.raw(quoteIdent(mapped.column))} = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb)::${sql.raw(mapped.type)})) FOR UPDATE`,
      tx,
    );
    for (const row of rows) {
      const k = String(row.__key);
      if (row.__mine === true) earlier.add(k);
      delete row.__key;
      delete row.__mine;
      byKey.set(k, [...(byKey.get(k) ?? []), row]);
    }
  }
  const seen = new Map<string, number>();
  const id = column.field.id;
  for (const p of pending) {
    if (p.key === null) continue;
    const k = String(p.key);
    const first = seen.get(k);
    if (first !== undefined) {
      p.problems.push(valueProblem(id, 'records.import.duplicate-key', b.locale, `The key "${k}" is also on row ${first}.`, `键值 "${k}" 与第 ${first} 行重复。`));
      continue;
    }
    seen.set(k, p.line);
    if (earlier.has(k)) {
      p.problems.push(valueProblem(id, 'records.import.duplicate-key', b.locale, `The key "${k}" is also on an earlier row of the file.`, `键值 "${k}" 与文件中前面的行重复。`));
      continue;
    }
    const matches = byKey.get(k) ?? [];
    if (matches.length > 1) p.problems.push(valueProblem(id, 'records.import.key-ambiguous', b.locale, `${matches.length} records have "${k}".`, `有 ${matches.length} 条记录的值为 "${k}"。`));
    else if (matches.length === 1) p.before = matches[0]!;
    else if (!column.writable) p.problems.push(valueProblem(id, 'records.import.key-not-found', b.locale, `No record has "${k}" (a computed key only updates).`, `没有值为 "${k}" 的记录（计算字段作键时只能更新）。`));
  }
}

/** Unique fields, one query per field for the batch: another live record (or an earlier row of the file) holding the value is a problem. */
async function checkUniqueBatch(b: BatchContext, drafts: Draft[], tx: Db): Promise<void> {
  const rows = drafts.map((d) => ({ id: d.id, stored: d.draft.stored, problems: d.draft.problems }));
  for (const field of b.target.object.fields) {
    const mapped = b.target.mapped.fields[field.id];
    if (!field.unique || !mapped) continue;
    const values = [...new Set(rows.map((r) => r.stored[field.id]).filter((v) => v !== null && v !== undefined).map(String))];
    if (values.length === 0) continue;
    const taken = await b.ctx.database.rows<{ id: string; v: unknown; mine: boolean }>(
      sql`SELECT "id"::text AS id, ${sql.raw(apiValueSql(quoteIdent(mapped.column), mapped.type))} AS v, ${sql.raw(MINE)} AS mine FROM ${table(b.target)} WHERE "deletedAt" IS NULL AND ${sql.raw(quoteIdent(mapped.column))} = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::${sql.raw(mapped.type)}))`,
      tx,
    );
    const holder = new Map(taken.map((t) => [String(t.v), t.id]));
    const inFile = new Set(taken.filter((t) => t.mine).map((t) => t.id));
    for (const row of rows) {
      const v = row.stored[field.id];
      if (v === null || v === undefined) continue;
      const h = holder.get(String(v));
      if (h === undefined || h === row.id) {
        holder.set(String(v), row.id);
        inFile.add(row.id);
      } else if (inFile.has(h)) row.problems.push(valueProblem(field.id, 'records.value.unique', b.locale, 'An earlier row of the file already has this value.', '文件中前面的行已使用此值。'));
      else row.problems.push(uniqueProblem(field.id, b.locale));
    }
  }
}
