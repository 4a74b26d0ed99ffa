import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordTableSql, testEngine } from '@mainline/db';
import { anonymousActor } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { listRecords } from './list-records.ts';
import { openReadFixture, type ReadFixture } from './read-test-fixtures.ts';

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

describe(`listRecords (${testEngine()})`, () => {
  let f: ReadFixture;
  let accounts: string[];

  beforeAll(async () => {
    f = await openReadFixture();
    accounts = await f.insert('account', [
      { name: 'Acme Corp', tier: 'strategic', annualRevenue: 5_000_000, employees: 120, owner: f.userCtx.actor.userId },
      { name: 'Beta 100% Ltd', tier: 'key', annualRevenue: 200_000, employees: null },
      { name: 'Gamma', tier: null, annualRevenue: null, employees: 5 },
      { name: 'Deleted Inc', tier: 'key', deletedAt: new Date() },
    ]);
    await f.insert('opportunity', [
      { name: 'Big deal', account: accounts[0], stage: 'negotiation', amount: 250_000, closeDate: '2030-01-15', competitors: ['sap', 'oracle'] },
      { name: 'Small deal', account: accounts[1], stage: 'qualification', amount: 5_000, closeDate: '2030-02-01' },
      { name: 'Orphan', account: null, stage: 'qualification', amount: null },
    ]);
  });
  afterAll(async () => {
    await f.database.close();
  });

  const names = (page: { records: Record<string, unknown>[] }) => page.records.map((r) => r.name).sort();

  it('filters with CEL: && || ! in-lists, startsWith/contains, null checks, user.id', async () => {
    const list = (filter: string) => listRecords(f.userCtx, { object: 'account', filter });
    expect(names(await list('annualRevenue > 100000 && tier == "key"'))).toEqual(['Beta 100% Ltd']);
    expect(names(await list('tier == "strategic" || employees < 10'))).toEqual(['Acme Corp', 'Gamma']);
    expect(names(await list('!(tier in ["key", "strategic"])'))).toEqual(['Gamma']);
    expect(names(await list('name.startsWith("Ac") || name.contains("100%")'))).toEqual(['Acme Corp', 'Beta 100% Ltd']);
    expect(names(await list('annualRevenue == null'))).toEqual(['Gamma']);
    expect(names(await list('!isNull(employees) && employees > 0'))).toEqual(['Acme Corp', 'Gamma']);
    expect(names(await list('owner == user.id'))).toEqual(['Acme Corp']);
    expect(names(await listRecords(f.userCtx, { object: 'opportunity', filter: '"sap" in competitors' }))).toEqual(['Big deal']);
    expect(names(await listRecords(f.userCtx, { object: 'opportunity', filter: 'closeDate < timestamp("2030-01-20T00:00:00Z")' }))).toEqual(['Big deal']);
    expect(names(await listRecords(f.userCtx, { object: 'opportunity', filter: `account == "${accounts[1]}"` }))).toEqual(['Small deal']);
  });

  it('leaves out soft-deleted records unless asked', async () => {
    expect(names(await listRecords(f.ctx, { object: 'account' }))).toEqual(['Acme Corp', 'Beta 100% Ltd', 'Gamma']);
    const all = await listRecords(f.ctx, { object: 'account', includeDeleted: true });
    expect(names(all)).toEqual(['Acme Corp', 'Beta 100% Ltd', 'Deleted Inc', 'Gamma']);
    expect(all.records.find((r) => r.name === 'Deleted Inc')!.deletedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(all.total).toEqual({ count: 4, exact: true });
  });

  it('answers 422 at /filter for a filter outside the SQL subset, naming the part', async () => {
    const error = await failure(listRecords(f.ctx, { object: 'account', filter: 'name.matches("^A") && tier == "key"' }));
    expect(error.status).toBe(422);
    expect(error.code).toBe('records.filter.sql-unsupported');
    expect(error.problems[0]!.pointer).toBe('/filter');
    expect(error.problems[0]!.message).toContain('matches');
    expect(error.problems[0]!.message).toContain('cannot run in the database');
    const unknown = await failure(listRecords(f.ctx, { object: 'account', filter: 'nope == 1' }));
    expect([unknown.status, unknown.problems[0]!.pointer]).toEqual([422, '/filter']);
  });

  it('never lets filter, sort, fields or cursor input reach SQL (422)', async () => {
    const attempts = [
      `name == "x"; drop table ${recordTableSql('account')}; --`,
      `name == "x" || 1 == 1) or (true`,
      `name == 'x\\' or 1=1 --'`,
      '"a"; select pg_sleep(1)',
    ];
    for (const filter of attempts) {
      const result = await listRecords(f.ctx, { object: 'account', filter }).then(
        (page) => page.records.length,
        (e: unknown) => e,
      );
      if (typeof result === 'number') expect(result).toBe(0);
      else expect([(result as OperationError).status, (result as OperationError).problems[0]!.pointer]).toEqual([422, '/filter']);
    }
    for (const field of ['name; drop table x', 'name" desc, "id', '"name"', 'pg_sleep(1)']) {
      const error = await failure(listRecords(f.ctx, { object: 'account', sort: [{ field }] }));
      expect([error.status, error.problems[0]!.pointer]).toEqual([422, '/sort/0/field']);
    }
    const direction = await failure(listRecords(f.ctx, { object: 'account', sort: [{ field: 'name', direction: 'desc; drop table x' as 'desc' }] }));
    expect(direction.problems[0]!.pointer).toBe('/sort/0/direction');
    const fields = await failure(listRecords(f.ctx, { object: 'account', fields: ['name', 'x" from pg_user --'] }));
    expect(fields.problems[0]!.pointer).toBe('/fields/1');
    const forged = Buffer.from(JSON.stringify({ s: ['name', 'id'], v: ["x'; drop table y; --", 'not-a-uuid'] })).toString('base64url');
    const cursor = await failure(listRecords(f.ctx, { object: 'account', sort: [{ field: 'name' }], cursor: forged }));
    expect([cursor.status, cursor.problems[0]!.pointer]).toEqual([422, '/cursor']);
    const other = await failure(listRecords(f.ctx, { object: 'account', sort: [{ field: 'tier' }], cursor: 'garbage!' }));
    expect(other.problems[0]!.pointer).toBe('/cursor');
    const [count] = await f.database.rows<{ n: number }>(sql`select count(*)::int as n from ${sql.raw(recordTableSql('account'))}`);
    expect(count!.n).toBe(4);
  });

  it('chooses columns and adds the titles of referenced records', async () => {
    const page = await listRecords(f.ctx, { object: 'opportunity', fields: ['name', 'account'], sort: [{ field: 'name' }] });
    expect(page.records.map((r) => [r.name, r._titles])).toEqual([
      ['Big deal', { account: 'Acme Corp' }],
      ['Orphan', {}],
      ['Small deal', { account: 'Beta 100% Ltd' }],
    ]);
    expect(Object.keys(page.records[0]!).sort()).toEqual(['_titles', 'account', 'createdAt', 'createdBy', 'id', 'name', 'orgUnit', 'owner', 'rowVersion', 'updatedAt', 'updatedBy']);
    const big = (await listRecords(f.ctx, { object: 'opportunity', filter: 'name == "Big deal"' })).records[0]!;
    expect(big).toMatchObject({ amount: 250000, closeDate: '2030-01-15', competitors: ['sap', 'oracle'], stage: 'negotiation' });
  });

  it('checks page size and the caller', async () => {
    for (const pageSize of [0, 201, 1.5]) expect((await failure(listRecords(f.ctx, { object: 'account', pageSize }))).problems[0]!.pointer).toBe('/pageSize');
    const anonymous = await failure(listRecords({ database: f.database, actor: anonymousActor() }, { object: 'account' }));
    expect([anonymous.status, anonymous.code]).toEqual([401, 'auth.unauthenticated']);
    const unknown = await failure(listRecords(f.ctx, { object: 'nothing' }));
    expect([unknown.status, unknown.problems[0]!.pointer]).toEqual([404, '/object']);
  });
});
