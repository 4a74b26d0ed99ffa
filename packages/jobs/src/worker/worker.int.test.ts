import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openTestDatabase, type Db, type TestDatabase } from '@mainline/db';
import { cancelJobs } from '../cancel-jobs.ts';
import { enqueue } from '../enqueue.ts';
import { rowsOn, type Job } from '../job.ts';
import { waitFor } from '../testing/wait-for.ts';
import { claimJobs } from './claim-jobs.ts';
import { completeJob } from './complete-job.ts';
import { PermanentJobError } from './permanent-failure.ts';
import type { AttemptOutcome } from './run-job.ts';
import { startWorker, type Worker, type WorkerOptions } from './start-worker.ts';

describe('the job worker', () => {
  let database: TestDatabase;
  const workers: Worker[] = [];
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.rows(sql`CREATE TABLE test_effects (job_id uuid PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop({ graceMs: 1_000 })));
  });
  afterAll(async () => {
    await database?.close();
  });

  const worker = async (options: WorkerOptions) => {
    const started = await startWorker(database, { pollMs: 50, backoff: { baseMs: 20, maxMs: 100 }, ...options });
    workers.push(started);
    return started;
  };
  interface Row {
    status: string;
    attempts: number;
    last_error: string | null;
    locked_by: string | null;
  }
  const jobRow = async (id: string) => (await database.rows<Row>(sql`SELECT * FROM jobs WHERE id = ${id}`))[0]!;
  const effect = (tx: Db, job: Job) => tx.execute(sql`INSERT INTO test_effects (job_id) VALUES (${job.id})`);
  const effects = async (ids: string[]) =>
    (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM test_effects WHERE job_id = ANY(${`{${ids.join(',')}}`}::uuid[])`))[0]!.n;

  it('runs a due job once and marks it done', async () => {
    const seen: Job[] = [];
    const { job } = await enqueue(database.db, { type: 'due.test', payload: { to: 'ana' } });
    await worker({ handlers: { 'due.test': async (j) => void seen.push(j) } });
    await waitFor('the job to be done', async () => (await jobRow(job.id)).status === 'done');
    expect(seen.map((j) => [j.id, j.payload, j.attempts])).toEqual([[job.id, { to: 'ana' }, 1]]);
    expect((await jobRow(job.id)).locked_by).toBeNull();
  });

  it('fires a timer once it is due, never before (by the database clock)', async () => {
    const fired: { id: string; early: boolean }[] = [];
    await worker({
      handlers: {
        'timer.test': {
          transactional: true,
          run: async (job, tx) => {
            const [row] = await rowsOn<{ early: boolean }>(tx, sql`SELECT now() < ${job.runAt.toISOString()}::timestamptz AS early`);
            fired.push({ id: job.id, early: row!.early });
            await effect(tx, job);
          },
        },
      },
    });
    const { job } = await enqueue(database.db, { type: 'timer.test', delayMs: 300 });
    await waitFor('the timer to fire', () => fired.length === 1);
    expect(fired).toEqual([{ id: job.id, early: false }]);
    expect(await effects([job.id])).toBe(1);
  });

  it('wakes on the enqueue notification, without waiting for its next poll', async () => {
    const seen: string[] = [];
    await worker({ pollMs: 3_600_000, handlers: { 'notify.test': async (job) => void seen.push(job.id) } });
    await new Promise((resolve) => setTimeout(resolve, 50)); // its first look found nothing: now it sleeps for an hour
    const { job } = await database.db.transaction((tx) => enqueue(tx, { type: 'notify.test' }));
    await waitFor('the notified job to run', () => seen.length === 1);
    expect(seen).toEqual([job.id]);
  });

  it('retries a failing job with backoff, keeps the error, and opens an incident after the last attempt', async () => {
    const attempts: { n: number; runAt: Date }[] = [];
    const outcomes: AttemptOutcome['status'][] = [];
    const errors: string[] = [];
    const { job } = await enqueue(database.db, { type: 'fail.test', maxAttempts: 3 });
    await worker({
      onAttempt: (_job, outcome) => {
        outcomes.push(outcome.status);
        errors.push((outcome.error as Error).message);
      },
      handlers: {
        'fail.test': async (j) => {
          attempts.push({ n: j.attempts, runAt: j.runAt });
          throw new Error(`endpoint down (attempt ${j.attempts})`);
        },
      },
    });
    await waitFor('the job to fail', async () => (await jobRow(job.id)).status === 'failed');
    expect(outcomes).toEqual(['retry', 'retry', 'failed']);
    expect(errors).toEqual(['endpoint down (attempt 1)', 'endpoint down (attempt 2)', 'endpoint down (attempt 3)']);
    expect(attempts.map((a) => a.n)).toEqual([1, 2, 3]);
    // each retry was due later than the attempt before it (the backoff)
    expect(attempts[1]!.runAt.getTime()).toBeGreaterThan(attempts[0]!.runAt.getTime());
    expect(attempts[2]!.runAt.getTime()).toBeGreaterThan(attempts[1]!.runAt.getTime());
    const row = await jobRow(job.id);
    expect(row).toMatchObject({ attempts: 3, locked_by: null });
    expect(row.last_error).toContain('endpoint down (attempt 3)');
    const incidents = await database.rows<{ job_type: string; error: string; attempts: number; resolved_at: Date | null }>(
      sql`SELECT * FROM job_incidents WHERE job_id = ${job.id}`,
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ job_type: 'fail.test', attempts: 3, resolved_at: null });
    expect(incidents[0]!.error).toContain('endpoint down (attempt 3)');
  });

  it('fails a job at once, with its incident, when its handler throws a PermanentJobError', async () => {
    const outcomes: AttemptOutcome['status'][] = [];
    const { job } = await enqueue(database.db, { type: 'permanent.test', maxAttempts: 5 });
    await worker({
      onAttempt: (_job, outcome) => void outcomes.push(outcome.status),
      handlers: {
        'permanent.test': async () => {
          throw new PermanentJobError('no secret named ERP');
        },
      },
    });
    await waitFor('the job to fail', async () => (await jobRow(job.id)).status === 'failed');
    expect(outcomes).toEqual(['failed']);
    expect(await jobRow(job.id)).toMatchObject({ attempts: 1, locked_by: null });
    const incidents = await database.rows<{ error: string; attempts: number }>(sql`SELECT * FROM job_incidents WHERE job_id = ${job.id}`);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ attempts: 1 });
    expect(incidents[0]!.error).toContain('PermanentJobError: no secret named ERP');
  });

  it('retries after the delay the error asks for (retryInMs) instead of its backoff', async () => {
    const { job } = await enqueue(database.db, { type: 'retry-in.test', maxAttempts: 2 });
    await worker({
      handlers: {
        'retry-in.test': async () => {
          throw Object.assign(new Error('busy, come back in an hour'), { retryInMs: 3_600_000 });
        },
      },
    });
    await waitFor('the first attempt to fail', async () => (await jobRow(job.id)).attempts === 1 && (await jobRow(job.id)).status === 'pending');
    const [row] = await database.rows<{ wait_s: number }>(sql`SELECT extract(epoch FROM run_at - now())::float AS wait_s FROM jobs WHERE id = ${job.id}`);
    // due in about an hour (the worker's backoff would have said well under a second)
    expect(row!.wait_s).toBeGreaterThan(3_500);
    expect(row!.wait_s).toBeLessThanOrEqual(3_600);
  });

  it('rolls back the writes of a transactional handler whose attempt fails, and commits those of the attempt that succeeds', async () => {
    const { job } = await enqueue(database.db, { type: 'tx-fail.test' });
    await worker({
      handlers: {
        'tx-fail.test': {
          transactional: true,
          run: async (j, tx) => {
            await effect(tx, j);
            if (j.attempts === 1) throw new Error('fails after its write');
          },
        },
      },
    });
    await waitFor('the job to be done', async () => (await jobRow(job.id)).status === 'done');
    expect(await jobRow(job.id)).toMatchObject({ attempts: 2 });
    expect(await effects([job.id])).toBe(1);
  });

  it('gives a job whose worker died to another worker once the lease has run out', async () => {
    const { job } = await enqueue(database.db, { type: 'lease.test' });
    const [taken] = await claimJobs(database, { workerId: 'dead-worker', types: ['lease.test'], limit: 1, leaseMs: 100 });
    expect(taken?.id).toBe(job.id);
    const seen: Job[] = [];
    await worker({ handlers: { 'lease.test': async (j) => void seen.push(j) } });
    await waitFor('the job to run again', async () => (await jobRow(job.id)).status === 'done');
    expect(seen.map((j) => [j.id, j.attempts])).toEqual([[job.id, 2]]);
    // the dead worker's late completion is refused: the job is no longer its own
    expect(await completeJob(database.db, taken!, 'dead-worker')).toBe(false);
  });

  it('never gives away a job whose transactional handler is still running, even past its lease', async () => {
    const calls: string[] = [];
    const handlers: WorkerOptions['handlers'] = {
      'slow-tx.test': {
        transactional: true,
        run: async (job, tx) => {
          calls.push(job.id);
          await new Promise((resolve) => setTimeout(resolve, 300)); // six leases
          await effect(tx, job);
        },
      },
    };
    const { job } = await enqueue(database.db, { type: 'slow-tx.test' });
    await worker({ workerId: 'slow-a', leaseMs: 50, handlers });
    await waitFor('the handler to start', () => calls.length === 1);
    await worker({ workerId: 'slow-b', leaseMs: 50, handlers }); // reaps expired leases as it polls
    await waitFor('the job to be done', async () => (await jobRow(job.id)).status === 'done');
    await new Promise((resolve) => setTimeout(resolve, 200)); // give slow-b time to take it, were it free
    expect(calls).toEqual([job.id]);
    expect(await jobRow(job.id)).toMatchObject({ status: 'done', attempts: 1 });
    expect(await effects([job.id])).toBe(1);
  });

  it('opens an incident when a lease runs out on the last attempt', async () => {
    const { job } = await enqueue(database.db, { type: 'lease-last.test', maxAttempts: 1 });
    await claimJobs(database, { workerId: 'dead-worker', types: ['lease-last.test'], limit: 1, leaseMs: 50 });
    const seen: string[] = [];
    await worker({ handlers: { 'lease-last.test': async (j) => void seen.push(j.id) } });
    await waitFor('the job to fail', async () => (await jobRow(job.id)).status === 'failed');
    expect(seen).toEqual([]);
    expect((await jobRow(job.id)).last_error).toContain('lease expired: worker dead-worker');
    expect(await database.rows(sql`SELECT 1 FROM job_incidents WHERE job_id = ${job.id}`)).toHaveLength(1);
  });

  it('never fires timers cancelled with their group', async () => {
    const seen: string[] = [];
    const cancelled = await Promise.all([1, 2, 3].map(() => enqueue(database.db, { type: 'cancel.test', group: 'task:1', delayMs: 200 })));
    const kept = await enqueue(database.db, { type: 'cancel.test', group: 'task:2', delayMs: 250 });
    await worker({ handlers: { 'cancel.test': async (j) => void seen.push(j.id) } });
    expect(await database.db.transaction((tx) => cancelJobs(tx, { group: 'task:1' }))).toBe(3);
    await waitFor('the kept timer to fire', () => seen.length === 1);
    expect(seen).toEqual([kept.job.id]);
    for (const { job } of cancelled) expect((await jobRow(job.id)).status).toBe('cancelled');
  });

  it('stops gracefully: running handlers finish, nothing more is claimed', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const started: string[] = [];
    const first = await enqueue(database.db, { type: 'stop.test' });
    const handler = async (job: Job) => {
      started.push(job.id);
      await gate;
    };
    const w = await worker({ concurrency: 1, handlers: { 'stop.test': handler } });
    await waitFor('the first job to start', () => started.length === 1);
    const second = await enqueue(database.db, { type: 'stop.test' });
    const stopped = w.stop();
    release();
    await stopped;
    expect(started).toEqual([first.job.id]);
    expect((await jobRow(first.job.id)).status).toBe('done');
    expect((await jobRow(second.job.id)).status).toBe('pending');
    await cancelJobs(database.db, { ids: [second.job.id] });
  });

  it('hands back, on stop, the jobs of handlers that outlast the grace period', async () => {
    const { job } = await enqueue(database.db, { type: 'hang.test' });
    let running = false;
    const w = await worker({ handlers: { 'hang.test': () => ((running = true), new Promise(() => undefined)) } });
    await waitFor('the handler to start', () => running);
    await w.stop({ graceMs: 50 });
    expect(await jobRow(job.id)).toMatchObject({ status: 'pending', attempts: 0, locked_by: null });
    expect((await jobRow(job.id)).last_error).toContain('released by stopping worker');
    await cancelJobs(database.db, { ids: [job.id] });
  });

  it('runs each of 200 timers exactly once with two workers on one database', async () => {
    const calls = new Map<string, number>();
    const handlers: WorkerOptions['handlers'] = {
      'pair.test': {
        transactional: true,
        run: async (job, tx) => {
          calls.set(job.id, (calls.get(job.id) ?? 0) + 1);
          await effect(tx, job);
        },
      },
    };
    const byWorker = new Map<string, number>();
    const onAttempt = (job: Job) => byWorker.set(job.lockedBy!, (byWorker.get(job.lockedBy!) ?? 0) + 1);
    // on PostgreSQL the second worker has its own pool, as another server process would
    const other = database.url ? await openDatabase({ url: database.url, migrate: false }) : database;
    await worker({ workerId: 'a', handlers, onAttempt });
    const b = await startWorker(other, { workerId: 'b', pollMs: 50, handlers, onAttempt });
    const ids = await database.db.transaction(async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < 200; i++) out.push((await enqueue(tx, { type: 'pair.test', delayMs: 100 + (i % 10) * 10 })).job.id);
      return out;
    });
    await waitFor('all timers to fire', async () => (await effects(ids)) === 200);
    await waitFor('all jobs to be done', async () => (await database.rows(sql`SELECT 1 FROM jobs WHERE type = 'pair.test' AND status <> 'done'`)).length === 0);
    expect([...calls.values()].every((n) => n === 1)).toBe(true);
    expect(calls.size).toBe(200);
    expect([...byWorker.values()].reduce((sum, n) => sum + n, 0)).toBe(200);
    await b.stop();
    if (other !== database) await other.close();
  });
});
