import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent, type ActiveVersion, type Db } from '@mainline/db';
import type { RollupField } from '@mainline/model';
import type { OperationContext } from '../../../context.ts';
import { filterSql } from './filter-sql.ts';
import { computeFormulas, sameValue } from './formulas.ts';
import type { ApiRecord } from './prepare-write.ts';
import { recordEnv, writerUser } from './record-env.ts';
import { recordSelectList } from './record-columns.ts';
import { columnSets, table } from './record-rows.ts';
import { targetIn, type RecordTarget } from './record-target.ts';
import { versionCache } from './version-cache.ts';

/** Parent ids per reference field of a child object ("via" → ids). */
export type AffectedParents = Map<string, Set<string>>;

const MAX_CASCADE = 5;

interface RollupGroup {
  parent: string;
  via: string;
  rollups: RollupField[];
}

const groupsOf = versionCache<RollupGroup[]>(1000);

/** The rollups over records of `childObjectId`, grouped by parent object and reference field (once per version). */
function rollupGroups(version: ActiveVersion, childObjectId: string): RollupGroup[] {
  return groupsOf(version, childObjectId, () => findRollupGroups(version, childObjectId));
}

/** Whether any rollup reads records of `childObjectId` (their writes must refresh parents). */
export function hasRollupsOver(version: ActiveVersion, childObjectId: string): boolean {
  return rollupGroups(version, childObjectId).length > 0;
}

function findRollupGroups(version: ActiveVersion, childObjectId: string): RollupGroup[] {
  const groups = new Map<string, RollupGroup>();
  for (const object of version.package.objects) {
    for (const field of object.fields) {
      if (field.type !== 'rollup' || field.from !== childObjectId) continue;
      const key = `${object.id}\u0000${field.via}`;
      const group = groups.get(key) ?? { parent: object.id, via: field.via, rollups: [] };
      group.rollups.push(field);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

/** The parents that child records (before and/or after a change) point at through rolled-up references. */
export function affectedParents(version: ActiveVersion, childObjectId: string, records: readonly (ApiRecord | null)[]): AffectedParents {
  const out: AffectedParents = new Map();
  for (const group of rollupGroups(version, childObjectId)) {
    for (const record of records) {
      const id = record?.[group.via];
      if (typeof id !== 'string') continue;
      const ids = out.get(group.via) ?? new Set<string>();
      ids.add(id);
      out.set(group.via, ids);
    }
  }
  return out;
}

/**
 * Recomputes the rollups over `childObjectId` on the affected parents, in the caller's
 * transaction: one UPDATE per parent object and reference field (every parent at once, every
 * rollup a correlated aggregate over the live children). Then the parents' formulas (which may
 * read the rollups) and, in turn, rollups over the parents. Derived values: no row version bump,
 * no audit entry.
 */
export async function refreshRollups(ctx: OperationContext, tx: Db, version: ActiveVersion, childObjectId: string, parents: AffectedParents, now: Date, depth = 0): Promise<void> {
  if (depth >= MAX_CASCADE) return;
  const child = targetIn(version, childObjectId);
  for (const group of rollupGroups(version, childObjectId)) {
    const ids = [...(parents.get(group.via) ?? [])];
    const viaColumn = child.mapped.fields[group.via]?.column;
    if (ids.length === 0 || !viaColumn) continue;
    const parent = targetIn(version, group.parent);
    const sets: SQL[] = [];
    for (const rollup of group.rollups) {
      const set = await rollupSet(ctx, child, parent, rollup, viaColumn);
      if (set) sets.push(set);
    }
    if (sets.length === 0) continue;
    const rows = await ctx.database.rows<ApiRecord>(
      sql`UPDATE ${table(parent)} AS p SET ${sql.join(sets, sql`, `)} WHERE p."id" IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) RETURNING ${recordSelectList(parent, { alias: 'p' })}`,
      tx,
    );
    const changed = await refreshFormulas(ctx, tx, parent, rows, now);
    const next = affectedParents(version, parent.object.id, changed);
    if (next.size > 0) await refreshRollups(ctx, tx, version, parent.object.id, next, now, depth + 1);
  }
}

async function rollupSet(ctx: OperationContext, child: RecordTarget, parent: RecordTarget, rollup: RollupField, viaColumn: string): Promise<SQL | null> {
  const target = parent.mapped.fields[rollup.id];
  if (!target) return null;
  let aggregate: string;
  if (rollup.function === 'count') {
    aggregate = 'count(*)';
  } else {
    const summed = rollup.field === undefined ? undefined : child.mapped.fields[rollup.field];
    if (!summed) return null;
    // versions published before rollups of dates got date columns: leave them empty rather than fail
    if ((summed.type === 'date' || summed.type === 'timestamptz') && target.type !== summed.type) return null;
    const column = `c.${quoteIdent(summed.column)}`;
    aggregate = rollup.function === 'sum' ? `coalesce(sum(${column}), 0)` : `${rollup.function}(${column})`;
  }
  const filter = rollup.filter ? await filterSql(ctx, child, rollup.filter, 'c', `/rollups/${parent.object.id}/${rollup.id}`, { configured: true }) : sql`true`;
  return sql`${sql.raw(quoteIdent(target.column))} = (SELECT ${sql.raw(aggregate)} FROM ${table(child)} AS c WHERE c.${sql.raw(
    quoteIdent(viaColumn),
  )} = p."id" AND c."deletedAt" IS NULL AND (${filter}))`;
}

/** Recomputes the formulas of rows whose rollups changed; returns the rows (with new formula values). */
async function refreshFormulas(ctx: OperationContext, tx: Db, target: RecordTarget, rows: ApiRecord[], now: Date): Promise<ApiRecord[]> {
  if (!target.object.fields.some((f) => f.type === 'formula')) return rows;
  const env = recordEnv(target);
  const user = writerUser(ctx);
  const out: ApiRecord[] = [];
  for (const row of rows) {
    const formulas = computeFormulas(target, env, row, user, now);
    const changes = Object.entries(formulas).filter(([id, value]) => !sameValue(row[id], value));
    if (changes.length > 0) {
      await tx.execute(sql`UPDATE ${table(target)} SET ${sql.join(columnSets(target, Object.fromEntries(changes)), sql`, `)} WHERE "id" = ${row.id as string}::uuid`);
    }
    out.push({ ...row, ...formulas });
  }
  return out;
}
