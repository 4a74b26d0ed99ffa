import { OperationError } from '../errors.ts';
import type { ImportReport } from '../operations/org/lib/import-report.ts';

/**
 * How REST and tRPC answer a CSV import: a clean file gets its report (what was, or on a dry run
 * would be, created, updated and left unchanged); a file with bad rows is refused with 422
 * `org.import.invalid`, whose `errors` list every bad row with its `row` and `column` — nothing
 * was written, dry run or not.
 */
export function importOutcome(report: ImportReport): ImportReport {
  if (report.ok) return report;
  const count = report.errors.length;
  throw new OperationError(
    422,
    'org.import.invalid',
    `The file has ${count} problem${count === 1 ? '' : 's'}; ${report.dryRun ? 'importing it would write nothing' : 'nothing was imported'}.`,
    report.errors.map((error) => ({ pointer: '', ...error })),
    { dryRun: report.dryRun },
  );
}
