/** One bad value of an imported file. Row 1 is the header; the first data row is row 2, as a spreadsheet numbers them. */
export interface ImportError {
  row: number;
  /** The column's header name; empty when the problem is the whole row or file. */
  column: string;
  code: string;
  message: string;
}

export interface ImportReport {
  /** True when the file had no bad row (and, unless a dry run, was written). */
  ok: boolean;
  dryRun: boolean;
  /** What the import creates / updates (a dry run: would create / update); 0 when not ok. */
  created: number;
  updated: number;
  /** Rows that match what is already there. */
  unchanged: number;
  errors: ImportError[];
}

export interface ImportInput {
  /** The CSV text (UTF-8, with or without a byte order mark; comma separated; a header row first). */
  csv: string;
  /** Check everything and report, write nothing. */
  dryRun?: boolean;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export function importReport(dryRun: boolean, errors: ImportError[], counts: ImportCounts = { created: 0, updated: 0, unchanged: 0 }): ImportReport {
  const sorted = [...errors].sort((a, b) => a.row - b.row);
  if (sorted.length > 0) return { ok: false, dryRun, created: 0, updated: 0, unchanged: 0, errors: sorted };
  return { ok: true, dryRun, ...counts, errors: [] };
}
