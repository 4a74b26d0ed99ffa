import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { isUniqueViolation, transact } from '../../org/lib/transact.ts';
import { callerLocale } from '../lib/prepare-write.ts';
import { recordEnv } from '../lib/record-env.ts';
import { recordTarget, type RecordTarget } from '../lib/record-target.ts';
import { writeScope } from '../lib/write-scope.ts';
import { planColumns, type ColumnPlan } from './column-mapping.ts';
import { batches, csvRows, reopenable, type CsvRow } from './csv-source.ts';
import { checkBatch, type BatchContext } from './import-batch.ts';
import { MAX_REPORTED_ERRORS, type ImportError, type ImportRecordsInput, type ImportReport } from './import-types.ts';
import { writeBatch } from './write-batch.ts';

const DEFAULT_BATCH_SIZE = 1000;

function invalid(pointer: string, code: string, message: string): OperationError {
  return new OperationError(422, 'records.import.invalid', message, [{ pointer, code, message }]);
}

/**
 * Imports records from CSV (docs/records.md, "CSV import and export"). All or nothing for bad
 * data: a first streaming pass checks every row like createRecord / updateRecord (dry-run
 * semantics) and writes nothing when any row is bad; then a second pass writes in batches, each
 * batch one transaction (rows checked again inside it, records, audit entries and rollups).
 * Only a batch of rows is in memory at a time.
 */
export async function importRecords(ctx: OperationContext, input: ImportRecordsInput): Promise<ImportReport> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'create');
  if (input.keyField !== undefined) writeScope(ctx, target, 'update');
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw invalid('/batchSize', 'records.batch-size', 'The batch size must be an integer from 1 to 5,000.');
  if (input.keyField !== undefined) {
    const key = target.fields.get(input.keyField);
    if (!key || ['reference', 'user', 'multiChoice', 'longText', 'rollup', 'formula'].includes(key.type)) {
      throw invalid('/keyField', 'records.import.key-field', `"${input.keyField}" cannot be the key: it must be a field of ${target.object.id} holding one plain value (text, number, date, choice, auto-number).`);
    }
  }
  const source = await reopenable(input.source, input.dryRun !== true);
  try {
    const checked = await runPass(ctx, target, input, source.open(), batchSize, false);
    if (input.dryRun === true) return checked;
    if (!checked.ok) return { ...checked, created: 0, updated: 0, unchanged: 0 }; // all or nothing: a bad row stops the import before any write
    return await runPass(ctx, target, input, source.open(), batchSize, true);
  } finally {
    await source.dispose();
  }
}

/** One pass over the CSV: checking only, or checking and writing each batch in its transaction. */
async function runPass(ctx: OperationContext, target: RecordTarget, input: ImportRecordsInput, stream: AsyncIterable<Buffer | string>, batchSize: number, write: boolean): Promise<ImportReport> {
  const report: ImportReport = { ok: true, dryRun: input.dryRun === true, rowsRead: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [], errorsTruncated: false, ignoredColumns: [] };
  const addErrors = (errors: ImportError[]) => {
    for (const e of errors) {
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(e);
      else report.errorsTruncated = true;
    }
  };
  const phase = write ? 'importing' : 'validating';
  const progress = () => input.onProgress?.({ phase, rowsRead: report.rowsRead, rowsWritten: report.created + report.updated + report.unchanged, rowsFailed: report.failed });
  const rows = csvRows(stream);
  const details = { import: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` };
  progress();
  try {
    const header = await rows.next();
    if (header.done) {
      addErrors([{ row: 1, column: null, field: null, code: 'records.import.empty', message: 'The file has no header row.' }]);
      return { ...report, ok: false };
    }
    const plan = planColumns(target, header.value.cells, input.mapping);
    report.ignoredColumns = plan.ignored;
    const keyColumn = input.keyField === undefined ? undefined : plan.columns.find((c) => c.field.id === input.keyField);
    if (input.keyField !== undefined && !keyColumn) {
      plan.errors.push({ row: 1, column: null, field: input.keyField, code: 'records.import.key-column-missing', message: `No column maps to the key field "${input.keyField}".` });
    }
    if (plan.errors.length > 0) return headerFailure(report, plan, addErrors);
    const base: BatchContext = { ctx, target, env: recordEnv(target), locale: callerLocale(ctx), headers: header.value.cells.length, columns: plan.columns, keyColumn, now: new Date() };
    for await (const data of batches({ [Symbol.asyncIterator]: () => rows }, batchSize)) {
      const context: BatchContext = { ...base, now: new Date() };
      report.rowsRead += data.length;
      if (!write) {
        const checked = await checkBatch(context, data, undefined);
        report.failed += checked.failed;
        addErrors(checked.errors);
        for (const row of checked.good) {
          if (row.before === null) report.created++;
          else if (row.unchanged) report.unchanged++;
          else report.updated++;
        }
      } else {
        const outcome = await writeOne(context, data, details);
        if ('errors' in outcome) {
          report.failed += outcome.failed;
          addErrors(outcome.errors);
          report.ok = false;
          progress();
          return report;
        }
        report.created += outcome.created;
        report.updated += outcome.updated;
        report.unchanged += outcome.unchanged;
      }
      progress();
    }
  } catch (error) {
    if (error instanceof OperationError) throw error;
    if (isCsvError(error)) {
      report.ok = false;
      report.failed++;
      addErrors([{ row: (error as { lines?: number }).lines ?? report.rowsRead + 1, column: null, field: null, code: 'records.import.csv-syntax', message: (error as Error).message }]);
      return report;
    }
    throw error;
  }
  report.ok = report.failed === 0 && report.errors.length === 0;
  return report;
}

function headerFailure(report: ImportReport, plan: ColumnPlan, addErrors: (e: ImportError[]) => void): ImportReport {
  addErrors(plan.errors);
  report.ok = false;
  return report;
}

function isCsvError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
}

/** One batch in one transaction: checked again (the data may have changed since the first pass), then written; any problem rolls it back. */
async function writeOne(b: BatchContext, rows: CsvRow[], details: Record<string, unknown>) {
  class Rejected extends Error {
    constructor(readonly checked: { errors: ImportError[]; failed: number }) {
      super('rejected');
    }
  }
  try {
    return await transact(b.ctx, async (tx) => {
      const checked = await checkBatch(b, rows, tx);
      if (checked.failed > 0) throw new Rejected(checked);
      return writeBatch(b.ctx, tx, b.target, checked.good, b.now, details);
    });
  } catch (error) {
    if (error instanceof Rejected) return error.checked;
    if (isUniqueViolation(error)) {
      const message = `A unique value of rows ${rows[0]!.line}–${rows[rows.length - 1]!.line} is already taken (by an earlier row of the file or a concurrent write): this batch was rolled back, earlier batches are imported.`;
      return { failed: rows.length, errors: [{ row: rows[0]!.line, column: null, field: null, code: 'records.value.unique', message }] };
    }
    if (error instanceof OperationError && error.code === 'records.conflict') {
      return { failed: rows.length, errors: [{ row: rows[0]!.line, column: null, field: null, code: 'records.conflict', message: error.message }] };
    }
    throw error;
  }
}
