import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@mainline/db';

/** Up to this many rows a list's total is counted exactly; beyond, it is estimated. */
export const EXACT_COUNT_LIMIT = 100_000;

export interface TotalCount {
  count: number;
  /** false when the count is the planner's estimate (more than `EXACT_COUNT_LIMIT` rows match). */
  exact: boolean;
}

/**
 * Above this many times `EXACT_COUNT_LIMIT` estimated rows, the count is not even tried: the
 * estimate is the answer. Planner estimates are rarely off by a factor of ten, and a table
 * of at most 10 × the limit rows can never be estimated above it, so their totals stay exact.
 */
export const ESTIMATE_ONLY_FACTOR = 10;

/**
 * The number of rows of `from` (a FROM … WHERE … fragment). First the planner's row estimate for
 * the same query (EXPLAIN, no execution, sub-millisecond): when it is above
 * `ESTIMATE_ONLY_FACTOR` × `limit`, that is the answer (`exact: false`), with no count at all.
 * Else counted exactly while at most `limit` rows match (`count(*)` over a sub-select limited to
 * limit + 1, so it never scans further), and beyond that the estimate, never below limit + 1.
 */
export async function totalCount(database: Database, from: SQL, limit = EXACT_COUNT_LIMIT): Promise<TotalCount> {
  const estimate = await plannerEstimate(database, from);
  if (estimate > limit * ESTIMATE_ONLY_FACTOR) return { count: estimate, exact: false };
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from (select 1 ${from} limit ${limit + 1}) as counted`);
  const counted = Number(row?.n ?? 0);
  if (counted <= limit) return { count: counted, exact: true };
  return { count: Math.max(estimate, limit + 1), exact: false };
}

async function plannerEstimate(database: Database, from: SQL): Promise<number> {
  const rows = await database.rows<Record<string, unknown>>(sql`explain (format json) select 1 ${from}`);
  const first = rows[0] ? Object.values(rows[0])[0] : undefined;
  const plan = (typeof first === 'string' ? JSON.parse(first) : first) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  return Math.round(plan?.[0]?.Plan?.['Plan Rows'] ?? 0);
}
