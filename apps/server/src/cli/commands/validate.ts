import type { Command } from 'commander';
import pc from 'picocolors';
import { validatePackage, type Diagnostic } from '@mainline/model';
import { PackageNotFoundError, readPackage, type SourceLocation } from '../../config/read-package.ts';
import { cliLocale, type CliLocale } from '../locale.ts';
import { UsageError } from '../usage-error.ts';

export interface ValidateOutcome {
  valid: boolean;
  diagnostics: (Diagnostic & { location: SourceLocation })[];
}

/** Reads and validates a package file or directory. Throws UsageError when there is nothing to read. */
export function validatePath(path: string): ValidateOutcome {
  let read;
  try {
    read = readPackage(path);
  } catch (error) {
    if (error instanceof PackageNotFoundError) throw new UsageError(error.message);
    throw error;
  }
  if (!read.ok) {
    return { valid: false, diagnostics: read.diagnostics.map((d, i) => ({ ...d, location: read.locations[i]! })) };
  }
  const { valid, diagnostics } = validatePackage(read.pkg.value);
  return { valid, diagnostics: diagnostics.map((d) => ({ ...d, location: read.pkg.locate(d.path) })) };
}

export function formatDiagnostics(outcome: ValidateOutcome, locale: CliLocale): string {
  const lines: string[] = [];
  for (const d of outcome.diagnostics) {
    const where = `${d.location.file}${d.location.line ? `:${d.location.line}:${d.location.column}` : ''}`;
    const severity = d.severity === 'error' ? pc.red('error') : pc.yellow('warning');
    lines.push(`${where}  ${severity}  ${pc.dim(d.code)}`);
    lines.push(`  ${d.location.pointer || '/'}  ${d.message[locale]}`);
  }
  const errors = outcome.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = outcome.diagnostics.length - errors;
  const summary =
    locale === 'zh-CN'
      ? `${outcome.valid ? '有效' : '无效'}：${errors} 个错误，${warnings} 个警告`
      : `${outcome.valid ? 'valid' : 'invalid'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}`;
  lines.push(outcome.valid ? pc.green(summary) : pc.red(summary));
  return lines.join('\n');
}

/** `{ valid, diagnostics }` with each diagnostic's file, line and column, as `--json` prints it. */
export function validationJson(outcome: ValidateOutcome): { valid: boolean; diagnostics: (Diagnostic & { file: string; line?: number; column?: number })[] } {
  const diagnostics = outcome.diagnostics.map(({ location, ...d }) => ({ ...d, file: location.file, line: location.line, column: location.column }));
  return { valid: outcome.valid, diagnostics };
}

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('Validate a configuration package (a JSON file or a split package directory)')
    .argument('<file-or-dir>', 'package file or directory')
    .option('--json', 'print { valid, diagnostics } as JSON')
    .option('--lang <locale>', 'message language: en or zh-CN')
    .action((path: string, options: { json?: boolean; lang?: string }) => {
      const outcome = validatePath(path);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(validationJson(outcome), null, 2)}\n`);
      } else {
        process.stdout.write(`${formatDiagnostics(outcome, cliLocale(options.lang))}\n`);
      }
      process.exitCode = outcome.valid ? 0 : 1;
    });
}
