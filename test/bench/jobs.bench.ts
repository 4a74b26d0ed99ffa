import { openDatabase, sqlText, type Database, type Db } from '@mainline/db';
import { enqueue, startWorker, type Job, type Worker, type WorkerOptions } from '@mainline/jobs';
import { ms, perSecond, ratio, row } from './measure.ts';
import { withDatabase } from './throwaway-database.ts';

const TIMERS = 10_000;
const SPREAD_S = 20;
const JOBS = 10_000;
/** Two "server processes" (two pools in this process), each worker running this many jobs at once. */
const SERVERS = 2;
const CONCURRENCY = 4;

async function enqueueAll(database: Database, count: number, input: (i: number) => Parameters<typeof enqueue>[1]): Promise<number> {
  const start = performance.now();
  await database.db.transaction(async (tx) => {
    for (let i = 0; i < count; i++) await enqueue(tx, input(i));
  });
  // what autovacuum does after such a change: without statistics the planner sorts every due row per claim
  await database.rows(sqlText('ANALYZE jobs'));
  return performance.now() - start;
}

/** Runs `handlers` on SERVERS workers, each on its own pool, until no job of `type` is left pending or running. */
async function drain(url: string, type: string, handlers: WorkerOptions['handlers'], database: Database): Promise<number> {
  const pools = await Promise.all(Array.from({ length: SERVERS }, () => openDatabase({ url, migrate: false, poolSize: CONCURRENCY * 2 + 2 })));
  const start = performance.now();
  const workers: Worker[] = [];
  try {
    for (const pool of pools) workers.push(await startWorker(pool, { handlers, concurrency: CONCURRENCY, pollMs: 1_000 }));
    for (;;) {
      const [left] = await database.rows<{ n: number }>(sqlText(`SELECT count(*)::int AS n FROM jobs WHERE type = $1 AND status IN ('pending', 'running')`, [type]));
      if (left?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return performance.now() - start;
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(pools.map((p) => p.close()));
  }
}

/** The floor: the same number of bare claims — one `UPDATE … FOR UPDATE SKIP LOCKED` per job marking it done — by as many concurrent loops. */
async function rawClaims(url: string, type: string): Promise<number> {
  const pools = await Promise.all(Array.from({ length: SERVERS }, () => openDatabase({ url, migrate: false, poolSize: CONCURRENCY })));
  const claim = sqlText(
    `WITH c AS (SELECT id FROM jobs WHERE status = 'pending' AND run_at <= now() AND type = $1 ORDER BY run_at LIMIT 1 FOR UPDATE SKIP LOCKED)
     UPDATE jobs SET status = 'done', attempts = jobs.attempts + 1, finished_at = now() FROM c WHERE jobs.id = c.id RETURNING jobs.id`,
    [type],
  );
  const start = performance.now();
  try {
    await Promise.all(
      pools.flatMap((pool) =>
        Array.from({ length: CONCURRENCY }, async () => {
          while ((await pool.rows(claim, undefined, { prepareAs: 'bench_raw_claim' })).length > 0);
        }),
      ),
    );
    return performance.now() - start;
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)]!;

/**
 * Issue 6 (the job queue) on PostgreSQL: timer lag with 10,000 timers pending, and job throughput
 * against the floor of bare SKIP LOCKED claims, with two workers on two pools (two server processes).
 */
export async function benchJobs(serverUrl: string): Promise<void> {
  console.log(`\nJobs — the durable queue (PostgreSQL, ${SERVERS} workers × ${CONCURRENCY} concurrent jobs, each on its own pool)`);
  await withDatabase(serverUrl, async (database, url) => {
    await database.rows(sqlText('CREATE TABLE bench_fired (job_id uuid PRIMARY KEY, lag_ms float8 NOT NULL)'));

    // timer lag: 10,000 timers pending, coming due evenly over the next SPREAD_S seconds; each
    // transactional handler records (by the database clock) how late it fired, in its transaction
    const far = Date.UTC(2100, 0, 1);
    const enqueueMs = await enqueueAll(database, TIMERS, (i) => ({ type: 'bench.timer', runAt: new Date(far + (i * SPREAD_S * 1000) / TIMERS), group: `task:${i}` }));
    row(`enqueue ${TIMERS.toLocaleString('en')} timers in one transaction`, perSecond((TIMERS / enqueueMs) * 1000));
    // the first one due 1 s from now, whatever the enqueue took
    await database.rows(sqlText(`UPDATE jobs SET run_at = now() + interval '1 second' + (run_at - $1::timestamptz) WHERE type = 'bench.timer'`, [new Date(far).toISOString()]));
    const timer = {
      transactional: true as const,
      run: (job: Job, tx: Db) =>
        tx.execute(
          sqlText(`INSERT INTO bench_fired (job_id, lag_ms) VALUES ($1, extract(epoch FROM clock_timestamp() - $2::timestamptz) * 1000)`, [job.id, job.runAt.toISOString()]),
        ),
    };
    await drain(url, 'bench.timer', { 'bench.timer': timer }, database);
    const lags = (await database.rows<{ lag_ms: number }>(sqlText('SELECT lag_ms FROM bench_fired ORDER BY lag_ms'))).map((r) => r.lag_ms);
    const fired = lags.length;
    row(`timer lag p50, ${TIMERS.toLocaleString('en')} pending, ${TIMERS / SPREAD_S}/s coming due`, ms(quantile(lags, 0.5)));
    row('timer lag p95', ms(quantile(lags, 0.95)), 'goal < 1 s');
    row('timer lag max', ms(lags[lags.length - 1]!));
    if (fired !== TIMERS) row('timers fired (expected each once)', `${fired}`, `expected ${TIMERS}`);

    // throughput: JOBS due now, drained by the workers, against bare claims of as many jobs
    const noop = async () => undefined;
    await enqueueAll(database, JOBS, () => ({ type: 'bench.tx' }));
    const txMs = await drain(url, 'bench.tx', { 'bench.tx': { transactional: true, run: noop } }, database);
    await enqueueAll(database, JOBS, () => ({ type: 'bench.outside' }));
    const outsideMs = await drain(url, 'bench.outside', { 'bench.outside': noop }, database);
    await enqueueAll(database, JOBS, () => ({ type: 'bench.raw' }));
    const rawMs = await rawClaims(url, 'bench.raw');
    const rate = (elapsed: number) => (JOBS / elapsed) * 1000;
    row(`floor: bare SKIP LOCKED claims, ${SERVERS * CONCURRENCY} loops`, perSecond(rate(rawMs)));
    row('jobs/s, transactional handlers (exactly once)', perSecond(rate(txMs)), `${ratio(rate(txMs), rate(rawMs))} of the floor`);
    row('jobs/s, handlers outside a transaction (at least once)', perSecond(rate(outsideMs)), `${ratio(rate(outsideMs), rate(rawMs))} of the floor`);
  });
}
