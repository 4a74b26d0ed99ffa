import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { importRecords, type RecordImportReport } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { progressLine } from '../format/progress-line.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface ImportRecordsOptions extends CommonOptions {
  mapping?: string;
  key?: string;
  dryRun?: boolean;
  batchSize?: string;
}

function mappingOf(path: string | undefined): Record<string, string> | undefined {
  if (path === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error('not an object of strings');
    return parsed as Record<string, string>;
  } catch (error) {
    throw new UsageError(`${path}: the mapping is a JSON object of CSV header → field id (or "-"): ${(error as Error).message}`);
  }
}

function reportText(report: RecordImportReport, locale: CliLocale): string {
  const lines = report.errors.map((e) => `row ${e.row}  ${e.column ?? e.field ?? '-'}  ${e.code}  ${e.message}`);
  if (report.errorsTruncated) lines.push(say(locale, `… and more: ${report.failed} bad rows in all`, `……共 ${report.failed} 行有误`));
  const verb = report.dryRun || !report.ok ? say(locale, 'would be', '将') : '';
  lines.push(
    say(
      locale,
      `${report.rowsRead} rows read: ${report.created} ${verb} created, ${report.updated} ${verb} updated, ${report.unchanged} unchanged, ${report.failed} bad${report.ok ? '' : report.dryRun ? '' : ' — nothing written'}`.replace(/ {2,}/g, ' '),
      `读取 ${report.rowsRead} 行：新建 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}，错误 ${report.failed}${report.ok || report.dryRun ? '' : '——未写入'}`,
    ),
  );
  if (report.ignoredColumns.length > 0) lines.push(say(locale, `ignored columns: ${report.ignoredColumns.join(', ')}`, `忽略的列：${report.ignoredColumns.join('、')}`));
  return lines.join('\n');
}

export function registerImport(program: Command): void {
  withCommonOptions(
    program
      .command('import')
      .description('Import records of an object from CSV: every row is checked first; nothing is written when any is bad')
      .argument('<object>', 'object id, e.g. account')
      .argument('<file.csv>', 'CSV file with a header row (field ids or labels)')
      .option('--mapping <map.json>', 'JSON object: CSV header → field id, or "-" to ignore the column')
      .option('--key <field>', 'upsert: rows whose value of this field matches a record update it')
      .option('--dry-run', 'check every row and report, write nothing')
      .option('--batch-size <n>', 'rows per transaction (default 1000)'),
  ).action(async (object: string, file: string, options: ImportRecordsOptions) => {
    const locale = cliLocale(options.lang);
    if (!existsSync(file)) throw new UsageError(`${file}: cannot read the file`);
    const batchSize = options.batchSize === undefined ? undefined : Number(options.batchSize);
    if (batchSize !== undefined && !Number.isInteger(batchSize)) throw new UsageError(`--batch-size "${options.batchSize}" is not a whole number`);
    const mapping = mappingOf(options.mapping);
    const tty = process.stderr.isTTY === true && !options.json;
    const started = Date.now();
    await withCliContext(options, locale, async (ctx) => {
      const report = await importRecords(ctx, {
        object,
        source: file,
        mapping,
        keyField: options.key,
        dryRun: options.dryRun,
        batchSize,
        onProgress: tty ? (p) => process.stderr.write(`\r${progressLine(p, started, locale)}`) : undefined,
      });
      if (tty) process.stderr.write('\n');
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${reportText(report, locale)}\n`);
      if (!report.ok) process.exitCode = 1;
    });
  });
}
