import type { ImportReport } from '@mainline/api';
import { importReportText } from './format/import-report-text.ts';
import type { CliLocale } from './locale.ts';

/** Prints an import report (every bad row with row, column and message) and sets exit 1 when a row is bad. */
export function printImportReport(report: ImportReport, locale: CliLocale, json: boolean | undefined): void {
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${importReportText(report, locale)}\n`);
  if (!report.ok) process.exitCode = 1;
}
