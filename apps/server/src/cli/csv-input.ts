import { readFileSync } from 'node:fs';
import { UsageError } from './usage-error.ts';

/** The text of a CSV file to import; a missing file is a usage error. */
export function readCsvFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`${path}: cannot read the file`);
  }
}
