import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import type { CsvSource } from './import-types.ts';

/** A CSV row: its cells and the line it ends on (the header is line 1). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/** A source that can be opened again for each pass. */
export interface ReopenableSource {
  open(): AsyncIterable<Buffer | string>;
  /** Removes a spooled temporary file. */
  dispose(): Promise<void>;
}

function isFactory(source: CsvSource): source is () => AsyncIterable<Buffer | string> | Readable {
  return typeof source === 'function';
}

/**
 * Makes a source re-readable: a path and a factory already are; a one-shot stream is copied to a
 * temporary file when it must be read twice (`twice`), streamed (never held in memory).
 */
export async function reopenable(source: CsvSource, twice: boolean): Promise<ReopenableSource> {
  if (typeof source === 'string') return { open: () => createReadStream(source), dispose: async () => {} };
  if (isFactory(source)) return { open: () => source(), dispose: async () => {} };
  if (!twice) {
    let used = false;
    return {
      open: () => {
        if (used) throw new Error('a one-shot CSV source was read twice');
        used = true;
        return source;
      },
      dispose: async () => {},
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'mainline-import-'));
  const file = join(dir, 'upload.csv');
  await pipeline(source instanceof Readable ? source : Readable.from(source), createWriteStream(file));
  return { open: () => createReadStream(file), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** The rows of a CSV stream (BOM stripped, any column count: the caller reports wrong ones), with line numbers. */
export async function* csvRows(input: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRow> {
  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  const feeding = pipeline(input instanceof Readable ? input : Readable.from(input), parser);
  feeding.catch(() => {}); // errors surface through the parser's iteration below
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield { line: item.info.lines, cells: item.record };
  }
  await feeding;
}

/** Groups rows into batches of `size` (the first row, the header, comes alone). */
export async function* batches<T>(rows: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
