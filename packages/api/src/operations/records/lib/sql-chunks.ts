import { sql, type SQL } from 'drizzle-orm';

/**
 * Turns SQL text with `$1`, `$2` … placeholders (as @mainline/expr writes it) into a drizzle
 * fragment whose values are parameters again, so it can be combined with other fragments.
 */
export function placeholdersToSql(text: string, values: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) {
      if (parts[i]) chunks.push(sql.raw(parts[i]!));
    } else {
      chunks.push(sql`${sql.param(values[Number(parts[i]) - 1])}`);
    }
  }
  return sql.join(chunks, sql.raw(''));
}

/** `a AND b AND …` of the fragments (`true` when there are none). */
export function andAll(conditions: readonly SQL[]): SQL {
  if (conditions.length === 0) return sql`true`;
  return sql.join(conditions.map((c) => sql`(${c})`), sql` AND `);
}
