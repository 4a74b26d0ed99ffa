import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { isUniqueViolation, transact } from '../../org/lib/transact.ts';
import { callerLocale } from '../lib/prepare-write.ts';
import { recordEnv } from '../lib/record-env.ts';
import { recordTarget, type RecordTarget } from '../lib/record-target.ts';
import { writeScope } from '../lib/write-scope.ts';
import { planColumns } from './column-mapping.ts';
import { fieldAccess } from '../lib/field-access.ts';
import { batches, csvRows, type CsvRow } from './csv-source.ts';
import { checkBatch, type BatchContext } from './import-batch.ts';
import { MAX_REPORTED_ERRORS, type ImportError, type ImportRecordsInput, type ImportReport } from './import-types.ts';
import { batchWriter, type BatchWriter } from './write-batch.ts';

const DEFAULT_BATCH_SIZE = 1000;

function invalid(pointer: string, code: string, message: string): OperationError {
  return new OperationError(422, 'records.import.invalid', message, [{ pointer, code, message }]);
}

/** Thrown inside the import's transaction to roll it back (a dry run, or bad rows). */
class RollBack extends Error {
  constructor() {
    super('roll back the import');
  }
}

/**
 * Imports records from CSV (docs/records.md, "CSV import and export") in one streaming pass and
 * one transaction: each batch of rows is checked like createRecord / updateRecord (look-ups
 * batched; earlier rows of the file are already in the transaction, so unique values, keys and
 * references see them) and its good rows written; at the end the transaction commits only when
 * every row was good and it is not a dry run — all or nothing. Only a batch of rows is in memory.
 */
/** An import needs the import and create grants, and update too when it matches rows to records by a key field (403 `access.denied`). */
export function importScope(ctx: OperationContext, target: RecordTarget, keyField: string | undefined): void {
  writeScope(ctx, target, 'import');
  writeScope(ctx, target, 'create');
  if (keyField !== undefined) writeScope(ctx, target, 'update');
}

export async function importRecords(ctx: OperationContext, input: ImportRecordsInput): Promise<ImportReport> {
  const target = await recordTarget(ctx, input.object);
  importScope(ctx, target, input.keyField);
  const batchSize = input.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) throw invalid('/batchSize', 'records.batch-size', 'The batch size must be an integer from 1 to 5,000.');
  if (input.keyField !== undefined) {
    const key = target.fields.get(input.keyField);
    if (!key || ['reference', 'user', 'multiChoice', 'longText', 'rollup', 'formula'].includes(key.type)) {
      throw invalid('/keyField', 'records.import.key-field', `"${input.keyField}" cannot be the key: it must be a field of ${target.object.id} holding one plain value (text, number, date, choice, auto-number).`);
    }
  }
  const dryRun = input.dryRun === true;
  const report: ImportReport = { ok: true, dryRun, rowsRead: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [], errorsTruncated: false, ignoredColumns: [] };
  const addErrors = (errors: ImportError[]) => {
    for (const e of errors) {
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(e);
      else report.errorsTruncated = true;
    }
  };
  const phase = dryRun ? 'validating' : 'importing';
  const progress = () => input.onProgress?.({ phase, rowsRead: report.rowsRead, rowsWritten: report.created + report.updated + report.unchanged, rowsFailed: report.failed });
  const failed = (): ImportReport => ({ ...report, ok: false, ...(dryRun ? {} : { created: 0, updated: 0, unchanged: 0 }) });
  progress();

  const chunks = csvRows(input.source)[Symbol.asyncIterator]();
  try {
    const first = await chunks.next();
    const header = first.done ? undefined : first.value[0];
    if (!header) {
      addErrors([{ row: 1, column: null, field: null, code: 'records.import.empty', message: 'The file has no header row.' }]);
      return failed();
    }
    const plan = planColumns(target, header.cells, input.mapping);
    report.ignoredColumns = plan.ignored;
    for (const column of plan.columns) {
      const access = column.writable ? fieldAccess(ctx, target, column.field.id) : 'edit';
      if (access !== 'edit') plan.errors.push({ row: 1, column: column.header, field: column.field.id, code: 'access.field-read-only', message: `You may not ${access === 'hidden' ? 'set' : 'change'} the field "${column.field.id}": it is ${access === 'hidden' ? 'hidden from' : 'read-only for'} you (map the column to "-" to ignore it).` });
    }
    const keyColumn = input.keyField === undefined ? undefined : plan.columns.find((c) => c.field.id === input.keyField);
    if (input.keyField !== undefined && !keyColumn) {
      plan.errors.push({ row: 1, column: null, field: input.keyField, code: 'records.import.key-column-missing', message: `No column maps to the key field "${input.keyField}".` });
    }
    if (plan.errors.length > 0) {
      addErrors(plan.errors);
      return failed();
    }
    const base: Omit<BatchContext, 'tx' | 'settle'> = { ctx, target, env: recordEnv(target), locale: callerLocale(ctx), headers: header.cells.length, columns: plan.columns, keyColumn, now: new Date() };
    const details = { import: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}` };
    const rows = batches({ [Symbol.asyncIterator]: () => chunks }, batchSize, first.value!.slice(1));
    let writer: BatchWriter | undefined;
    let current: CsvRow[] = [];
    try {
      await transact(ctx, async (tx) => {
        const w = batchWriter(ctx, tx, target, details);
        writer = w;
        for await (const data of rows) {
          current = data;
          const now = new Date();
          const context: BatchContext = { ...base, now, tx, settle: () => w.settle(), ahead: (good) => w.ahead(good, now) };
          report.rowsRead += data.length;
          const checked = await checkBatch(context, data);
          report.failed += checked.failed;
          addErrors(checked.errors);
          // good rows are written even after a bad one (rolled back at the end): later rows are
          // then checked against the same earlier rows whether or not some row failed
          const written = await w.write(checked.good, context.now);
          report.created += written.created;
          report.updated += written.updated;
          report.unchanged += written.unchanged;
          progress();
        }
        await w.settle();
        if (dryRun || report.failed > 0 || report.errors.length > 0) throw new RollBack();
      });
    } catch (error) {
      if (error instanceof RollBack) return report.failed > 0 || report.errors.length > 0 ? failed() : report;
      const copyFailure = await writer?.settle().then(() => undefined, (e: unknown) => e);
      const cause = copyFailure ?? error;
      const refused = refusal(cause, copyFailure !== undefined ? (writer?.failedRows() ?? current) : current);
      if (!refused) throw cause;
      report.failed += refused.failed;
      addErrors(refused.errors);
      return failed();
    }
    return report;
  } finally {
    await chunks.return?.(undefined);
  }
}

/**
 * A database refusal the checks could not foresee (a concurrent write took a unique value, or
 * changed a record being updated): the whole import is rolled back, reported on the batch it
 * came with; other errors are not the data's fault and are thrown.
 */
function refusal(error: unknown, rows: { line: number }[]): { failed: number; errors: ImportError[] } | undefined {
  const first = rows[0]?.line ?? 2;
  const last = rows[rows.length - 1]?.line ?? first;
  if (isUniqueViolation(error)) {
    const message = `A unique value of rows ${first}–${last} was taken by a concurrent write: the import was rolled back, nothing is written.`;
    return { failed: rows.length, errors: [{ row: first, column: null, field: null, code: 'records.value.unique', message }] };
  }
  if (error instanceof OperationError && error.code === 'records.conflict') {
    return { failed: rows.length, errors: [{ row: first, column: null, field: null, code: 'records.conflict', message: `${error.message} The import was rolled back, nothing is written.` }] };
  }
  return undefined;
}
