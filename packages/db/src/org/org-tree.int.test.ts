import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgUnits } from '../schema/platform.ts';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import { childPath, isWithin, rootPath } from './org-unit-path.ts';
import { moveSubtree } from './move-subtree.ts';
import { pathWithin, unitAndBelow } from './unit-and-below.ts';

/** A small seeded generator, so a failing tree can be rebuilt. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Unit {
  id: string;
  parentId: string | null;
  path: string;
}

describe(`org tree paths (${testEngine()})`, () => {
  let database: TestDatabase;
  const next = random(20240611);
  const units: Unit[] = [];

  beforeAll(async () => {
    database = await openTestDatabase();
    for (let i = 0; i < 400; i++) {
      const id = randomUUID();
      // A few tops, otherwise a parent among the earlier units: deep and wide branches both occur.
      const parent = i < 3 || units.length === 0 ? undefined : units[Math.floor(next() * units.length)];
      units.push({ id, parentId: parent?.id ?? null, path: parent ? childPath(parent.path, id) : rootPath(id) });
    }
    await database.db.insert(orgUnits).values(units.map((u, i) => ({ ...u, code: `u${i}`, name: { en: `Unit ${i}` } })));
  });
  afterAll(() => database.close());

  async function subtreeByCte(unitId: string): Promise<string[]> {
    const rows = await database.rows<{ id: string }>(sql`
      with recursive sub(id) as (
        select id from org_units where id = ${unitId}
        union all
        select c.id from org_units c join sub on c.parent_id = sub.id
      )
      select id from sub`);
    return rows.map((r) => r.id).sort();
  }

  async function expectSubtreesMatchCte(): Promise<void> {
    for (const unit of units) {
      const below = await unitAndBelow(database.db, unit.id);
      expect(below?.ids.sort(), unit.id).toEqual(await subtreeByCte(unit.id));
    }
  }

  it('answers "unit and below" exactly like a recursive query over parent ids', async () => {
    await expectSubtreesMatchCte();
    expect(await unitAndBelow(database.db, randomUUID())).toBeUndefined();
  });

  it('gives a SQL condition usable on other tables', async () => {
    const unit = units[3]!;
    const below = (await unitAndBelow(database.db, unit.id))!;
    const rows = await database.db.select({ id: orgUnits.id }).from(orgUnits).where(below.condition(orgUnits.id));
    expect(rows.map((r) => r.id).sort()).toEqual(await subtreeByCte(unit.id));
  });

  it('keeps every path equal to its parent path plus its id after random subtree moves', async () => {
    for (let i = 0; i < 60; i++) {
      const rows = await database.db.select({ id: orgUnits.id, path: orgUnits.path }).from(orgUnits);
      const unit = rows[Math.floor(next() * rows.length)]!;
      const candidates = rows.filter((r) => !isWithin(r.path, unit.path));
      const target = next() < 0.1 || candidates.length === 0 ? null : candidates[Math.floor(next() * candidates.length)]!;
      const moved = await moveSubtree(database.db, unit, target);
      expect(moved).toBe(rows.filter((r) => isWithin(r.path, unit.path)).length);
    }
    const rows = await database.db.select().from(orgUnits);
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const row of rows) {
      const parent = row.parentId ? byId.get(row.parentId) : undefined;
      expect(row.path).toBe(parent ? childPath(parent.path, row.id) : rootPath(row.id));
    }
    units.splice(0, units.length, ...rows);
    await expectSubtreesMatchCte();
  });

  it('refuses to move a unit under itself or its descendants', async () => {
    const [parent] = await database.db.select().from(orgUnits).where(eq(orgUnits.id, units[0]!.id));
    const [child] = await database.db.select().from(orgUnits).where(eq(orgUnits.parentId, parent!.id)).limit(1);
    if (!child) return;
    await expect(moveSubtree(database.db, parent!, child)).rejects.toThrow(/cycle/);
    await expect(moveSubtree(database.db, parent!, parent!)).rejects.toThrow(/cycle/);
  });

  it('serves the prefix match from the path index', async () => {
    const plan = await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const prefix = units[0]!.path;
      const result = (await tx.execute(sql`explain select id from org_units where ${pathWithin(prefix)}`)) as unknown as { rows: Record<string, string>[] };
      return result.rows.map((r) => Object.values(r).join(' ')).join('\n');
    });
    expect(plan).toContain('org_units_path');
  });
});
