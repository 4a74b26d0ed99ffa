import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@mainline/db';
import { cancelJobs } from './cancel-jobs.ts';
import { enqueue } from './enqueue.ts';
import { purgeJobs } from './purge-jobs.ts';

describe('enqueue and cancel', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  const statusOf = async (id: string) => (await database.rows<{ status: string }>(sql`SELECT status FROM jobs WHERE id = ${id}`))[0]?.status;
  const countOf = async (type: string) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs WHERE type = ${type}`))[0]!.n;

  it('writes the job with its transaction: rolled back, there is none; committed, it is pending', async () => {
    await expect(
      database.db.transaction(async (tx) => {
        await enqueue(tx, { type: 'rollback.test', payload: { n: 1 } });
        throw new Error('the record change failed');
      }),
    ).rejects.toThrow('the record change failed');
    expect(await countOf('rollback.test')).toBe(0);

    const { job, created } = await database.db.transaction((tx) => enqueue(tx, { type: 'rollback.test', payload: { n: 2, list: [1, 2] } }));
    expect(created).toBe(true);
    expect(job).toMatchObject({ type: 'rollback.test', payload: { n: 2, list: [1, 2] }, status: 'pending', attempts: 0, maxAttempts: 5 });
    expect(await countOf('rollback.test')).toBe(1);
  });

  it('returns the job already there for a second enqueue with the same key, and writes nothing', async () => {
    const first = await enqueue(database.db, { type: 'key.test', key: 'task-1:sla', payload: { first: true }, delayMs: 60_000 });
    const second = await enqueue(database.db, { type: 'key.test', key: 'task-1:sla', payload: { first: false } });
    expect(second.created).toBe(false);
    expect(second.job.id).toBe(first.job.id);
    expect(second.job.payload).toEqual({ first: true });
    expect(await countOf('key.test')).toBe(1);
  });

  it('keeps one job when two transactions enqueue the same key at once', async () => {
    const results = await Promise.all([1, 2].map((n) => database.db.transaction((tx) => enqueue(tx, { type: 'key.race', key: 'race', payload: { n } }))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.job.id)).size).toBe(1);
    expect(await countOf('key.race')).toBe(1);
  });

  it('takes runAt as given and delayMs from the database clock', async () => {
    const at = new Date(Date.now() + 3_600_000);
    const { job } = await enqueue(database.db, { type: 'timer.test', runAt: at });
    expect(job.runAt.getTime()).toBe(at.getTime());
    const later = await enqueue(database.db, { type: 'timer.test', delayMs: 60_000 });
    const [row] = await database.rows<{ later: boolean }>(sql`SELECT run_at > now() + interval '59 seconds' AS later FROM jobs WHERE id = ${later.job.id}`);
    expect(row?.later).toBe(true);
  });

  it('refuses a job without a type or with no attempts', async () => {
    await expect(enqueue(database.db, { type: '' })).rejects.toThrow('type');
    await expect(enqueue(database.db, { type: 'x', maxAttempts: 0 })).rejects.toThrow('maxAttempts');
  });

  it('cancels the pending jobs of a group (in the caller transaction), and only those', async () => {
    const a = await enqueue(database.db, { type: 'group.test', group: 'task:a', delayMs: 60_000 });
    const b = await enqueue(database.db, { type: 'group.test', group: 'task:a' });
    const other = await enqueue(database.db, { type: 'group.test', group: 'task:b', delayMs: 60_000 });
    await expect(
      database.db.transaction(async (tx) => {
        expect(await cancelJobs(tx, { group: 'task:a' })).toBe(2);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await statusOf(a.job.id)).toBe('pending');

    expect(await database.db.transaction((tx) => cancelJobs(tx, { group: 'task:a' }))).toBe(2);
    expect([await statusOf(a.job.id), await statusOf(b.job.id), await statusOf(other.job.id)]).toEqual(['cancelled', 'cancelled', 'pending']);
    expect(await cancelJobs(database.db, { group: 'task:a' })).toBe(0);
    expect(await cancelJobs(database.db, { ids: [other.job.id] })).toBe(1);
    expect(await cancelJobs(database.db, { ids: [] })).toBe(0);
  });

  it('purges done and cancelled jobs, keeping pending and failed ones', async () => {
    const kept = await enqueue(database.db, { type: 'purge.test', delayMs: 60_000 });
    const failed = await enqueue(database.db, { type: 'purge.test' });
    const cancelled = await enqueue(database.db, { type: 'purge.test', key: 'purge-key' });
    await database.rows(sql`UPDATE jobs SET status = 'failed', finished_at = now() - interval '1 day' WHERE id = ${failed.job.id}`);
    await cancelJobs(database.db, { ids: [cancelled.job.id] });
    expect(await purgeJobs(database, { olderThanMs: 3_600_000 })).toBe(0);
    await database.rows(sql`UPDATE jobs SET finished_at = now() - interval '2 hours' WHERE status IN ('done', 'cancelled')`);
    expect(await purgeJobs(database, { olderThanMs: 3_600_000, batch: 2 })).toBeGreaterThanOrEqual(1);
    expect(await statusOf(cancelled.job.id)).toBeUndefined();
    expect([await statusOf(kept.job.id), await statusOf(failed.job.id)]).toEqual(['pending', 'failed']);
    // a purged job's key can be used again
    expect((await enqueue(database.db, { type: 'purge.test', key: 'purge-key' })).created).toBe(true);
  });
});
