import { sql, type SQL } from 'drizzle-orm';

/** SQL text with `$1`, `$2`, … placeholders and their values, as a drizzle SQL that binds them as parameters. */
export function sqlText(text: string, params: readonly unknown[] = []): SQL {
  if (params.length === 0) return sql.raw(text);
  const parts = text.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.param(params[Number(part) - 1]))));
}
