import type { Readable } from 'node:stream';

/** Where the CSV comes from: a file path, a factory returning a stream, or a stream (read once, streamed). */
export type CsvSource = string | (() => AsyncIterable<Buffer | string> | Readable) | AsyncIterable<Buffer | string> | Readable;

export interface ImportProgress {
  /** `importing`; `validating` for a dry run. */
  phase: 'validating' | 'importing';
  rowsRead: number;
  rowsWritten: number;
  rowsFailed: number;
}

export interface ImportRecordsInput {
  object: string;
  source: CsvSource;
  /** CSV header → field id, or `-` to ignore the column. Headers not listed are matched by field id or label. */
  mapping?: Record<string, string>;
  /** Upsert: a row whose value of this field matches a live record updates it; other rows create records. */
  keyField?: string;
  /** Check every row and report; write nothing (the import's run, rolled back). */
  dryRun?: boolean;
  /** Rows checked and written together (default 1,000; 1–5,000); the whole import is one transaction. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

/** One bad cell or row: `row` is the CSV line number (the header is line 1). */
export interface ImportError {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

export interface ImportReport {
  ok: boolean;
  dryRun: boolean;
  rowsRead: number;
  created: number;
  updated: number;
  /** Upserted rows whose values equal the record's: nothing written, no audit entry. */
  unchanged: number;
  failed: number;
  /** The first 1,000 errors (`failed` counts every bad row). */
  errors: ImportError[];
  errorsTruncated: boolean;
  /** Columns not imported: mapped to `-`, or computed fields (formula, auto-number, rollup) whose values the system computes. */
  ignoredColumns: string[];
}

export const MAX_REPORTED_ERRORS = 1000;
