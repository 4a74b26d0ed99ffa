import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTableSql, testEngine } from '@mainline/db';
import { listRecords } from './list-records.ts';
import { listPage } from './lib/list-query.ts';
import { ESTIMATE_ONLY_FACTOR, totalCount } from './lib/total-count.ts';
import type { SortInput } from './lib/sort-spec.ts';
import { openReadFixture, type ReadFixture } from './read-test-fixtures.ts';

/** A small deterministic PRNG (mulberry32): the same rows on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe(`keyset pagination and totals (${testEngine()})`, () => {
  let f: ReadFixture;
  const ROWS = 300;

  beforeAll(async () => {
    f = await openReadFixture();
    const next = random(42);
    const pick = <T>(values: T[]) => values[Math.floor(next() * values.length)]!;
    const base = Date.UTC(2030, 0, 1);
    await f.insert(
      'opportunity',
      Array.from({ length: ROWS }, (_, i) => ({
        name: pick(['Alpha', 'beta', 'Gamma', 'delta', 'Ärger', null]),
        stage: pick(['qualify', 'propose', 'negotiate', null]),
        amount: pick([null, 0, 1000, 1000.5, 25000, -3, 1e12]),
        probability: next() < 0.2 ? null : Math.round(next() * 100) / 100,
        closeDate: next() < 0.3 ? null : new Date(base + Math.floor(next() * 30) * 86_400_000).toISOString().slice(0, 10),
        // microseconds and ties: the cursor must carry timestamps exactly
        closedAt: next() < 0.3 ? null : `2030-01-0${1 + Math.floor(next() * 3)}T10:00:00.${String(Math.floor(next() * 3) * 123457).padStart(6, '0')}Z`,
        tenderRequired: pick([true, false, null]),
        deletedAt: i % 50 === 0 ? new Date() : null,
      })),
    );
  });
  afterAll(async () => {
    await f.database.close();
  });

  const sorts: SortInput[][] = [
    [{ field: 'amount', direction: 'desc' }, { field: 'stage' }],
    [{ field: 'stage', direction: 'asc' }, { field: 'closeDate', direction: 'desc' }],
    [{ field: 'name', direction: 'desc' }, { field: 'probability', direction: 'asc' }],
    [{ field: 'closedAt' }, { field: 'tenderRequired', direction: 'desc' }],
    [{ field: 'createdAt', direction: 'desc' }],
    [],
  ];

  it.each(sorts.map((sort) => [sort.map((s) => `${s.field} ${s.direction ?? 'asc'}`).join(', ') || 'id', sort] as const))(
    'walking every page of "%s" gives the same rows as one ORDER BY',
    async (_name, sort) => {
      const order = [...sort.map((s) => `"${s.field}" ${s.direction === 'desc' ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`), '"id" ASC'].join(', ');
      const expected = (await f.database.rows<{ id: string }>(sql.raw(`select "id"::text as id from ${recordTableSql('opportunity')} where "deletedAt" is null order by ${order}`))).map((r) => r.id);
      expect(expected.length).toBe(ROWS - ROWS / 50);
      for (const pageSize of [7 + sort.length * 5, 50]) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let pages = 0; pages < 400; pages++) {
          const page = await listRecords(f.ctx, { object: 'opportunity', sort, pageSize, cursor, fields: ['name'], withTotal: pages === 0 });
          if (pages === 0) expect(page.total).toEqual({ count: expected.length, exact: true });
          seen.push(...page.records.map((r) => r.id as string));
          expect(page.records.length).toBeLessThanOrEqual(pageSize);
          if (!page.nextCursor) break;
          cursor = page.nextCursor;
        }
        expect(seen).toEqual(expected);
      }
    },
  );

  it('counts the total on the first page by default, not on a page asked with a cursor unless asked', async () => {
    const first = await listRecords(f.ctx, { object: 'opportunity', pageSize: 5 });
    expect(first.total).toEqual({ count: ROWS - ROWS / 50, exact: true });
    const next = await listRecords(f.ctx, { object: 'opportunity', pageSize: 5, cursor: first.nextCursor! });
    expect(next.total).toBeNull();
    const asked = await listRecords(f.ctx, { object: 'opportunity', pageSize: 5, cursor: first.nextCursor!, withTotal: true });
    expect(asked.total).toEqual(first.total);
    expect((await listRecords(f.ctx, { object: 'opportunity', pageSize: 5, withTotal: false })).total).toBeNull();
  });

  it('a cursor belongs to its sort', async () => {
    const first = await listRecords(f.ctx, { object: 'opportunity', sort: [{ field: 'amount' }], pageSize: 5 });
    const error = await listRecords(f.ctx, { object: 'opportunity', sort: [{ field: 'stage' }], cursor: first.nextCursor! }).catch((e: { status: number; problems: { pointer: string }[] }) => e);
    expect(error).toMatchObject({ status: 422, problems: [{ pointer: '/cursor' }] });
  });

  it('counts exactly up to the limit and estimates beyond it, marked so', async () => {
    const target = await f.target('opportunity');
    const exact = await listPage(f.ctx, target, { pageSize: 5 }, [], 1000);
    expect(exact.total).toEqual({ count: ROWS - ROWS / 50, exact: true });
    const estimated = await listPage(f.ctx, target, { pageSize: 5 }, [], 10);
    expect(estimated.total!.exact).toBe(false);
    expect(estimated.total!.count).toBeGreaterThanOrEqual(11);
    const filtered = await listPage(f.ctx, target, { pageSize: 5, filter: 'amount > 1000 && stage in ["qualify", "propose"]' }, [], 5);
    expect(filtered.total!.exact).toBe(false);
    expect(filtered.total!.count).toBeGreaterThanOrEqual(6);
    const atLimit = await listPage(f.ctx, target, { pageSize: 5 }, [], ROWS - ROWS / 50);
    expect(atLimit.total).toEqual({ count: ROWS - ROWS / 50, exact: true });
  });

  it('takes the estimate without counting when it is far above the limit', async () => {
    const target = await f.target('opportunity');
    const queries: unknown[] = [];
    const spy = { rows: (query: unknown) => (queries.push(query), f.database.rows(query as never)) } as unknown as typeof f.database;
    await f.database.rows(sql`analyze ${sql.raw(recordTableSql(target.mapped.table))}`); // estimates from real statistics
    const from = sql`from ${sql.raw(recordTableSql(target.mapped.table))} as "t" where "t"."deletedAt" is null`;
    const far = await totalCount(spy, from, 1);
    expect(far.exact).toBe(false);
    expect(far.count).toBeGreaterThan(ESTIMATE_ONLY_FACTOR);
    expect(queries).toHaveLength(1); // EXPLAIN only, no count
    queries.length = 0;
    expect(await totalCount(spy, from, ROWS)).toEqual({ count: ROWS - ROWS / 50, exact: true });
    expect(queries).toHaveLength(2); // EXPLAIN, then the capped count
  });
});
