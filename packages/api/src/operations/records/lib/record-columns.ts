import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent, systemColumns, type SqlType } from '@mainline/db';
import type { RecordTarget } from './record-target.ts';
import { versionCache } from './version-cache.ts';

/**
 * The SELECT expression that reads a column in its API form, the same on PGlite and PostgreSQL
 * (drivers differ on dates and numerics): numbers as JSON numbers, dates as `YYYY-MM-DD`,
 * date-times as ISO 8601 in UTC, multi-choice as arrays, uuids as strings.
 */
export function apiValueSql(qualifiedColumn: string, type: SqlType): string {
  switch (type) {
    case 'numeric':
    case 'bigint':
      return `${qualifiedColumn}::float8`;
    case 'date':
      return `to_char(${qualifiedColumn}, 'YYYY-MM-DD')`;
    case 'timestamptz':
      return `to_char(${qualifiedColumn} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    case 'uuid':
      return `${qualifiedColumn}::text`;
    default:
      return qualifiedColumn;
  }
}

/** System columns in the API (deletedAt only where asked: restore and the recycle bin show it). */
const apiSystemColumns = systemColumns.filter((c) => c.name !== 'deletedAt');

/**
 * The select list of a record in API form, each column aliased to its API name (field id).
 * `fieldIds` narrows the fields (the `id` and `rowVersion` system columns always come along);
 * `alias` is the table alias used in the FROM clause. `typed` casts every column to its type in
 * the version, for a prepared statement: its answer must keep its types when a later version
 * changes a column's type (the values are the same).
 */
export function recordSelectList(target: RecordTarget, options: SelectListOptions = {}): SQL {
  const key = `${target.object.id}\u0000${options.alias ?? ''}\u0000${options.withDeletedAt === true}\u0000${options.fieldIds?.join(',') ?? '*'}\u0000${options.typed === true}`;
  return sql.raw(selectLists(target.version, key, () => selectListText(target, options)));
}

/** Select lists per version, object, alias, fields (built on every list, get and write otherwise). */
const selectLists = versionCache<string>(1000);

interface SelectListOptions {
  alias?: string;
  fieldIds?: readonly string[];
  withDeletedAt?: boolean;
  typed?: boolean;
}

function selectListText(target: RecordTarget, options: SelectListOptions): string {
  const prefix = options.alias ? `${quoteIdent(options.alias)}.` : '';
  const parts: string[] = [];
  const system = options.withDeletedAt ? systemColumns : apiSystemColumns;
  const value = (column: string, type: SqlType) => {
    const api = apiValueSql(column, type);
    return options.typed && api === column ? `${column}::${type}` : api;
  };
  for (const column of system) parts.push(`${value(`${prefix}${quoteIdent(column.name)}`, column.type)} AS ${quoteIdent(column.name)}`);
  const fieldIds = options.fieldIds ?? target.object.fields.map((f) => f.id);
  for (const fieldId of fieldIds) {
    const mapped = target.mapped.fields[fieldId];
    if (!mapped) continue;
    parts.push(`${value(`${prefix}${quoteIdent(mapped.column)}`, mapped.type)} AS ${quoteIdent(fieldId)}`);
  }
  return parts.join(', ');
}
