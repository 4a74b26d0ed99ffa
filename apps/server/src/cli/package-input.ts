import { readPackage } from '../config/read-package.ts';
import type { CliLocale } from './locale.ts';
import { formatDiagnostics, validatePath, validationJson } from './commands/validate.ts';

/**
 * Reads a package file or split directory for planning or publishing. An invalid package is
 * reported like `mainline validate` does (file, line, column, pointer) with exit code 1, and
 * nothing is returned; a missing path is a usage error.
 */
export function readValidPackage(path: string, locale: CliLocale, json: boolean | undefined): unknown {
  const outcome = validatePath(path);
  if (!outcome.valid) {
    process.exitCode = 1;
    if (json) process.stdout.write(`${JSON.stringify({ ok: false, ...validationJson(outcome) }, null, 2)}\n`);
    else process.stderr.write(`${formatDiagnostics(outcome, locale)}\n`);
    return undefined;
  }
  const read = readPackage(path);
  return read.ok ? read.pkg.value : undefined;
}
