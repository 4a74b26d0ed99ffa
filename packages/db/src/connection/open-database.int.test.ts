import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../schema/platform.ts';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';

describe(`database connection (${testEngine()})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('is migrated and runs drizzle queries and raw SQL with parameters', async () => {
    await database.db.insert(users).values({ username: 'li.na', displayName: 'Li Na' });
    const rows = await database.rows<{ n: number }>(sql`select count(*)::int as n from ${users} where username = ${'li.na'}`);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('rolls a failed transaction back completely', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await tx.insert(users).values({ username: 'temp', displayName: 'Temp' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await database.rows(sql`select 1 from ${users} where username = 'temp'`)).toEqual([]);
  });

  it('runs a prepared statement inside a transaction on its connection: it sees the uncommitted rows and rolls back with them', async () => {
    const count = (tx?: Parameters<typeof database.rows>[1]) =>
      database.rows<{ n: number }>(sql`select count(*)::int as n from ${users} where username like ${'prep.%'}`, tx, { prepareAs: 'test_prepared_count' });
    await expect(
      database.db.transaction(async (tx) => {
        await database.rows(sql`insert into ${users} (username, display_name) values (${'prep.a'}, ${'A'})`, tx, { prepareAs: 'test_prepared_insert' });
        await database.rows(sql`insert into ${users} (username, display_name) values (${'prep.b'}, ${'B'})`, tx, { prepareAs: 'test_prepared_insert' });
        expect(await count(tx)).toEqual([{ n: 2 }]);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await count()).toEqual([{ n: 0 }]);
  });

  it('delivers notifications to listeners after commit', async () => {
    const received: string[] = [];
    const unlisten = await database.listen('mainline_test', (payload) => received.push(payload));
    await database.db.transaction(async (tx) => database.notify('mainline_test', 'v2', tx));
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['v2']);
    await unlisten();
  });

  it.runIf(testEngine() === 'postgres')('keeps listening after the server drops the listening connection, and asks the listener to re-read', async () => {
    const received: string[] = [];
    const unlisten = await database.listen('mainline_reconnect', (payload) => received.push(payload));
    const killed = await database.rows<{ n: number }>(
      sql`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = current_database() and query like 'LISTEN%' and pid <> pg_backend_pid()`,
    );
    expect(killed).toEqual([{ n: 1 }]);
    await expect.poll(() => received, { timeout: 10_000 }).toEqual(['']);
    await database.notify('mainline_reconnect', 'after');
    await expect.poll(() => received, { timeout: 5000 }).toEqual(['', 'after']);
    await unlisten();
  });
});
