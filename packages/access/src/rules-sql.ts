import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent } from '@mainline/db';
import type { AccessRule } from './types.ts';

export interface RulesSqlOptions {
  /** The record table's alias in the query. */
  alias: string;
  userId: string | null;
  /** A rule condition (CEL) as SQL on `alias`: the caller's filter compiler. */
  condition: (source: string) => SQL;
}

/**
 * The rows `rules` allow, as one SQL condition on `alias` — the database twin of `allows`. Rules
 * with the same condition share one clause, their scopes merged: `all` covers everything, `own`
 * is `owner = user`, and every `unit` / `unitAndBelow` unit goes into one `"orgUnit" = ANY($units)`
 * (a parameter: the index on orgUnit serves it). No rule: `false`.
 */
export function rulesSql(rules: readonly AccessRule[], options: RulesSqlOptions): SQL {
  const groups = new Map<string, AccessRule[]>();
  for (const rule of rules) {
    const key = rule.condition ?? '';
    groups.set(key, [...(groups.get(key) ?? []), rule]);
  }
  const clauses: SQL[] = [];
  for (const [condition, group] of groups) {
    const scope = scopeSql(group, options);
    if (scope === null) continue;
    clauses.push(condition === '' ? scope : sql`(${scope} AND (${options.condition(condition)}))`);
  }
  if (clauses.length === 0) return sql`false`;
  return clauses.length === 1 ? clauses[0]! : sql`(${sql.join(clauses, sql` OR `)})`;
}

/** The union of the rules' scopes; null when it covers nothing (an `own` rule with no user). */
function scopeSql(rules: readonly AccessRule[], { alias, userId }: RulesSqlOptions): SQL | null {
  if (rules.some((r) => r.scope === 'all')) return sql`true`;
  const column = (name: string) => sql.raw(`${quoteIdent(alias)}.${quoteIdent(name)}`);
  const parts: SQL[] = [];
  if (userId !== null && rules.some((r) => r.scope === 'own')) parts.push(sql`${column('owner')} = ${userId}::uuid`);
  const units = new Set<string>();
  for (const rule of rules) {
    if (rule.scope === 'unit') units.add(rule.orgUnitId);
    if (rule.scope === 'unitAndBelow') for (const id of rule.subtree ?? [rule.orgUnitId]) units.add(id);
  }
  if (units.size > 0) parts.push(sql`${column('orgUnit')} = ANY(${sql.param([...units].sort())}::uuid[])`);
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : sql`(${sql.join(parts, sql` OR `)})`;
}
