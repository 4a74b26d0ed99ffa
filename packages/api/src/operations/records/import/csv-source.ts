import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import type { CsvSource } from './import-types.ts';

/** A CSV row: its cells and the line it ends on (the header is line 1); `syntax` when the parser found it malformed. */
export interface CsvRow {
  line: number;
  cells: string[];
  syntax?: string;
}

/** The source as UTF-8 text chunks (a multi-byte character split between buffers is kept whole), the BOM stripped. */
async function* textOf(source: CsvSource): AsyncGenerator<string> {
  const input = typeof source === 'string' ? createReadStream(source, { highWaterMark: 1 << 18 }) : typeof source === 'function' ? source() : source;
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest.length > 0) yield rest;
}

function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * The rows of a CSV source, a chunk of rows at a time (papaparse's parser on each text chunk, the
 * unfinished last row carried to the next one), with line numbers: a row ends one line after the
 * previous one plus the line breaks inside its quoted cells. Empty lines are skipped (and
 * counted); any column count is passed on (the caller reports wrong ones). Read once, streamed.
 */
export async function* csvRows(source: CsvSource): AsyncGenerator<CsvRow[]> {
  let newline: '\n' | '\r\n' | undefined;
  let carried = '';
  let line = 0;
  const parse = (text: string, last: boolean): CsvRow[] => {
    newline ??= /\r\n/.test(text.slice(0, Math.max(0, text.indexOf('\n') + 1))) ? '\r\n' : '\n';
    const result = new Papa.Parser({ delimiter: ',', newline, quoteChar: '"', escapeChar: '"' }).parse(text, 0, !last) as Papa.ParseResult<string[]> & { meta: { cursor: number } };
    const consumed = last ? text.length : result.meta.cursor;
    carried = last ? '' : text.slice(consumed);
    const data = result.data;
    const breaks = newlines(text, 0, consumed);
    // every row ends with one line break (the last of the file may lack it): line numbers follow on
    const plain = breaks === data.length || (last && breaks === data.length - 1);
    const syntax = new Map<number, string>();
    for (const e of result.errors) if (e.row !== undefined && !syntax.has(e.row)) syntax.set(e.row, e.message);
    const rows: CsvRow[] = [];
    for (let i = 0; i < data.length; i++) {
      const cells = data[i]!;
      line++;
      if (!plain) for (const cell of cells) line += newlines(cell, 0, cell.length);
      if (cells.length === 1 && cells[0] === '' && !syntax.has(i)) continue; // an empty line
      const row: CsvRow = { line, cells };
      const message = syntax.get(i);
      if (message !== undefined) row.syntax = message;
      rows.push(row);
    }
    return rows;
  };
  for await (const chunk of textOf(source)) {
    const text = carried.length > 0 ? carried + chunk : chunk;
    const rows = parse(text, false);
    if (rows.length > 0) yield rows;
  }
  if (carried.length > 0) {
    const rows = parse(carried, true);
    if (rows.length > 0) yield rows;
  }
}

/** Regroups `first` and then chunks of rows into batches of `size` rows. */
export async function* batches<T>(chunks: AsyncIterable<T[]>, size: number, first: T[] = []): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for (const row of first) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  for await (const chunk of chunks) {
    for (const row of chunk) {
      batch.push(row);
      if (batch.length >= size) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
