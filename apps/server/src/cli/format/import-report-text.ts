import type { ImportReport } from '@mainline/api';
import type { CliLocale } from '../locale.ts';
import { say } from '../say.ts';

/** An import report: every bad row with its row number, column and message, then what was (or would be) written. */
export function importReportText(report: ImportReport, locale: CliLocale): string {
  const lines = report.errors.map((e) => `row ${e.row}  ${e.column || '-'}  ${e.code}  ${e.message}`);
  if (!report.ok) {
    const rows = new Set(report.errors.map((e) => e.row)).size;
    lines.push(say(locale, `Nothing written: ${report.errors.length} problem(s) in ${rows} row(s).`, `未写入任何数据：${rows} 行中有 ${report.errors.length} 个问题。`));
    return lines.join('\n');
  }
  const { created, updated, unchanged } = report;
  lines.push(
    report.dryRun
      ? say(locale, `Dry run, nothing written: would create ${created}, update ${updated}; ${unchanged} unchanged.`, `试运行，未写入：将新增 ${created}，更新 ${updated}；${unchanged} 行无变化。`)
      : say(locale, `Imported: ${created} created, ${updated} updated, ${unchanged} unchanged.`, `已导入：新增 ${created}，更新 ${updated}，${unchanged} 行无变化。`),
  );
  return lines.join('\n');
}
