import { sql, type SQL } from 'drizzle-orm';
import type { SqlType } from '@mainline/db';

/**
 * A value in API form as a parameter of the column's SQL type. Values are always parameters;
 * lists travel as JSON so that PGlite and node-postgres bind them alike.
 */
export function columnValueSql(value: unknown, type: SqlType): SQL {
  if (value === null || value === undefined) return sql`NULL::${sql.raw(type)}`;
  if (type === 'text[]') return sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(value)}::jsonb))`;
  if (value instanceof Date) return sql`${value.toISOString()}::${sql.raw(type)}`;
  return sql`${value}::${sql.raw(type)}`;
}
