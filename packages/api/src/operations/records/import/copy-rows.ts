import { finished } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db, SqlType } from '@mainline/db';

/** The node-postgres client of a transaction on PostgreSQL (the connection it runs on), for COPY. */
export interface CopyClient {
  query(stream: ReturnType<typeof copyFrom>): ReturnType<typeof copyFrom>;
}

/**
 * The pooled client a drizzle node-postgres transaction runs on (drizzle keeps it as
 * `session.client`); null when there is none (PGlite, or a drizzle that moved it — the import then
 * writes with INSERT … SELECT FROM json_populate_recordset, as on PGlite).
 */
export function copyClientOf(tx: Db): CopyClient | null {
  const client = (tx as unknown as { session?: { client?: { query?: unknown; release?: unknown } } }).session?.client;
  return client && typeof client.query === 'function' && typeof client.release === 'function' ? (client as unknown as CopyClient) : null;
}

const SPECIAL = /[\\\t\n\r]/;
const SPECIALS = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escape = (c: string) => ESCAPES[c]!;

/** Text as a field of COPY's text format (backslash, tab and line breaks escaped). */
export function copyText(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, escape) : text;
}

const ARRAY_SPECIAL = /[\\"]/g;

/** A value in API form as a COPY text field of a column of `type` (`\N` for null). */
export function copyValue(value: unknown, type: SqlType): string {
  if (value === null || value === undefined) return '\\N';
  switch (type) {
    case 'boolean':
      return value ? 't' : 'f';
    case 'numeric':
    case 'double precision':
    case 'bigint':
    case 'integer':
      return typeof value === 'number' ? String(value) : copyText(String(value));
    case 'text[]':
      return copyText(`{${(value as string[]).map((v) => `"${v.replace(ARRAY_SPECIAL, '\\$&')}"`).join(',')}}`);
    default:
      return copyText(String(value));
  }
}

/**
 * Starts `COPY … FROM STDIN` of `text` (rows in COPY text format) on the transaction's
 * connection and returns when the server has taken it. Statements issued after it queue behind
 * it on the connection, so the caller may go on preparing the next rows meanwhile.
 */
export function copyRows(client: CopyClient, statement: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(statement));
  stream.end(text);
  return finished(stream);
}
