import { CsvError, parse } from 'csv-parse/sync';
import type { ImportError } from './import-report.ts';

export interface CsvRow {
  /** Spreadsheet row number: the header is row 1. */
  row: number;
  /** Trimmed values by column name; a column the row stops short of reads as empty. */
  values: Record<string, string>;
}

export interface CsvTable {
  rows: CsvRow[];
  errors: ImportError[];
}

/** Largest file an import takes in one transaction. */
export const maxImportRows = 20_000;

/**
 * Parses CSV with a header row naming exactly `columns` (any order, any case). Blank lines are
 * skipped but counted, so row numbers match the file as a spreadsheet shows it.
 */
export function readCsv(text: string, columns: readonly string[]): CsvTable {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true }) as string[][];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = ((error as CsvError & { records?: number }).records ?? 0) + 1;
    return { rows: [], errors: [{ row, column: '', code: 'org.import.csv-syntax', message: `The file is not valid CSV here: ${error.message}` }] };
  }
  const [header, ...body] = records;
  const names = (header ?? []).map((name) => name.trim().toLowerCase());
  const errors: ImportError[] = [];
  for (const column of columns) {
    if (!names.includes(column)) errors.push({ row: 1, column, code: 'org.import.missing-column', message: `The header has no column "${column}"; expected columns: ${columns.join(', ')}.` });
  }
  names.forEach((name, i) => {
    if (!columns.includes(name)) errors.push({ row: 1, column: name, code: 'org.import.unknown-column', message: `Unknown column "${name}"; expected columns: ${columns.join(', ')}.` });
    else if (names.indexOf(name) !== i) errors.push({ row: 1, column: name, code: 'org.import.duplicate-column', message: `The column "${name}" appears twice.` });
  });
  if (body.length > maxImportRows) errors.push({ row: maxImportRows + 2, column: '', code: 'org.import.too-many-rows', message: `A file holds at most ${maxImportRows} rows; split it.` });
  if (errors.length > 0) return { rows: [], errors };

  const rows: CsvRow[] = [];
  body.forEach((record, i) => {
    const row = i + 2;
    if (record.every((value) => value.trim() === '')) return;
    if (record.length > names.length) {
      errors.push({ row, column: '', code: 'org.import.column-count', message: `The row has ${record.length} values but the header names ${names.length} columns.` });
      return;
    }
    rows.push({ row, values: Object.fromEntries(names.map((name, c) => [name, (record[c] ?? '').trim()])) });
  });
  return { rows, errors };
}
