import { sql, type SQL } from 'drizzle-orm';
import { OperationError } from '../../../errors.ts';
import { qualified } from './record-columns-sql.ts';
import type { SortKey } from './sort-spec.ts';

/**
 * The opaque cursor of a list page: base64url of JSON `{ s, v }` — the sort (field names, `-` for
 * descending) it belongs to, and the last row's sort values as PostgreSQL text (exact: timestamps
 * with microseconds and offset, doubles in shortest round-trip form), the id last.
 */
interface CursorBody {
  s: string[];
  v: (string | null)[];
}

/** Hidden select-list columns `_k0`, `_k1` … holding each sort value as text, for the cursor. */
export function cursorKeysSql(keys: readonly SortKey[], alias: string): SQL {
  return sql.raw(keys.map((k, i) => `${qualified(alias, k.column)}::text AS "${cursorKeyName(i)}"`).join(', '));
}

export function sortSignature(keys: readonly SortKey[]): string[] {
  return keys.map((k) => `${k.desc ? '-' : ''}${k.column.name}`);
}

/** The cursor after `row` (a row that has the cursor-key columns). */
export function encodeCursor(keys: readonly SortKey[], row: Record<string, unknown>): string {
  const body: CursorBody = { s: sortSignature(keys), v: keys.map((_, i) => (row[cursorKeyName(i)] ?? null) as string | null) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The names of the cursor-key columns the page query selects after the record's (`cursorKeysSql`). */
export function cursorKeyNames(keys: readonly SortKey[]): string[] {
  return keys.map((_, i) => cursorKeyName(i));
}

const cursorKeyName = (i: number) => `_k${i}`;

/** The values of a cursor given back; 422 at `/cursor` when it is not one of this list's cursors. */
export function decodeCursor(keys: readonly SortKey[], cursor: string): (string | null)[] {
  let body: CursorBody | undefined;
  try {
    body = typeof cursor === 'string' && /^[A-Za-z0-9_-]{1,8000}$/.test(cursor) ? (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody) : undefined;
  } catch {
    body = undefined;
  }
  const signature = sortSignature(keys);
  const valid =
    body !== undefined &&
    body !== null &&
    Array.isArray(body.s) &&
    Array.isArray(body.v) &&
    body.s.length === signature.length &&
    body.s.every((s, i) => s === signature[i]) &&
    body.v.length === keys.length &&
    body.v.every((v) => v === null || typeof v === 'string') &&
    body.v[body.v.length - 1] !== null;
  if (!valid) {
    const message = 'This cursor does not belong to this list (its sort differs) or is damaged: start again without a cursor.';
    throw new OperationError(422, 'records.cursor.invalid', message, [{ pointer: '/cursor', code: 'records.cursor.invalid', message }]);
  }
  return body!.v;
}

/**
 * Rows strictly after the cursor in the order of `orderBySql`: (k0 after) OR (k0 equal AND k1
 * after) OR … NULL is the largest value in both directions, so for ascending keys "after c" is
 * `col > c OR col IS NULL` (nothing is after NULL), for descending keys `col < c` (after NULL:
 * `col IS NOT NULL`). Cursor values are parameters cast to the column type.
 */
export function keysetSql(keys: readonly SortKey[], values: readonly (string | null)[], alias: string): SQL {
  const branches: SQL[] = [];
  for (let i = 0; i < keys.length; i++) {
    const parts: SQL[] = [];
    for (let j = 0; j < i; j++) parts.push(equalSql(keys[j]!, values[j] ?? null, alias));
    parts.push(afterSql(keys[i]!, values[i] ?? null, alias));
    branches.push(sql`(${sql.join(parts, sql` AND `)})`);
  }
  return sql`(${sql.join(branches, sql` OR `)})`;
}

function typed(key: SortKey, value: string): SQL {
  return sql`${value}::${sql.raw(key.column.type)}`;
}

function equalSql(key: SortKey, value: string | null, alias: string): SQL {
  const col = sql.raw(qualified(alias, key.column));
  return value === null ? sql`${col} IS NULL` : sql`${col} = ${typed(key, value)}`;
}

function afterSql(key: SortKey, value: string | null, alias: string): SQL {
  const col = sql.raw(qualified(alias, key.column));
  if (key.desc) return value === null ? sql`${col} IS NOT NULL` : sql`${col} < ${typed(key, value)}`;
  return value === null ? sql`false` : sql`(${col} > ${typed(key, value)} OR ${col} IS NULL)`;
}
