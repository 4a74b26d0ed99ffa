import { createRecord, PROCESS_TIMER_JOB, processTimerHandler } from '@mainline/api';
import { openDatabase, sqlText } from '@mainline/db';
import { startWorker, type Worker } from '@mainline/jobs';
import { ms, perSecond, row } from './measure.ts';
import type { ProcessBench } from './process-seed.ts';

const TIMERS = 10_000;
/**
 * The timers come due in two waves: first a few at a rate the workers keep up with (the lag of a
 * timer itself, with 10,000 pending), then the rest within a short window (how far the workers
 * fall behind when timers come due faster than they fire them).
 */
const WAVES = [
  { timers: 1_000, seconds: 10 },
  { timers: 9_000, seconds: 18 },
] as const;
const FIRST_DUE_S = 2;
const GAP_S = 3;
/** Two "server processes" (two pools in this process), each worker running this many jobs at once (the default). */
const SERVERS = 2;
const CONCURRENCY = 4;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)]!;

/**
 * Timer lag: TIMERS reminders created through createRecord, half waiting at a timer node (firing
 * opens a task), half at a task whose SLA escalation notifies its assignee (firing writes a
 * notification); their jobs then come due evenly in WAVES and two workers, each on its own
 * pool, fire them through the process runtime. Lag: from a job's run_at to the commit of its firing.
 */
export async function benchTimers(bench: ProcessBench, url: string): Promise<void> {
  const { database } = bench;
  let n = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (n < TIMERS) {
        const i = n++;
        await createRecord(bench.users[i % bench.users.length]!, { object: 'reminder', values: { name: `Reminder ${i}`, kind: i % 2 === 0 ? 'wait' : 'escalate' } });
      }
    }),
  );
  const createMs = performance.now() - start;
  const [pending] = await database.rows<{ n: number }>(sqlText(`SELECT count(*)::int AS n FROM jobs WHERE type = $1 AND status = 'pending'`, [PROCESS_TIMER_JOB]));
  row(`  (setup: ${TIMERS.toLocaleString('en')} reminders created, each starting a process with a timer)`, ms(createMs), `${perSecond((TIMERS / createMs) * 1000)}, ${pending!.n.toLocaleString('en')} timers pending`);
  // each wave due evenly over its seconds, the first 2 s from now; statistics as autovacuum would gather them
  const [first, second] = WAVES;
  await database.rows(
    sqlText(
      `UPDATE jobs SET run_at = now() + CASE WHEN o.rn < $2::int
           THEN ($3::float8 + o.rn * $4::float8 / $2::int) * interval '1 second'
           ELSE ($3::float8 + $4::float8 + $5::float8 + (o.rn - $2::int) * $6::float8 / $7::int) * interval '1 second' END
         FROM (SELECT id, row_number() OVER (ORDER BY run_at, id) - 1 AS rn FROM jobs WHERE type = $1 AND status = 'pending') AS o
        WHERE jobs.id = o.id`,
      [PROCESS_TIMER_JOB, first.timers, FIRST_DUE_S, first.seconds, GAP_S, second.seconds, second.timers],
    ),
  );
  await database.rows(sqlText('ANALYZE jobs'));
  const firstWave = new Set((await database.rows<{ id: string }>(sqlText(`SELECT id::text AS id FROM jobs WHERE type = $1 AND status = 'pending' ORDER BY run_at LIMIT $2`, [PROCESS_TIMER_JOB, first.timers]))).map((r) => r.id));

  const waves = WAVES.map(() => ({ lags: [] as number[], firstDue: Infinity, lastCommit: 0 }));
  let fired = 0;
  let failed = 0;
  const pools = await Promise.all(Array.from({ length: SERVERS }, () => openDatabase({ url, migrate: false, poolSize: CONCURRENCY * 2 + 2 })));
  const workers: Worker[] = [];
  try {
    for (const pool of pools) {
      workers.push(
        await startWorker(pool, {
          handlers: { [PROCESS_TIMER_JOB]: processTimerHandler(pool) },
          concurrency: CONCURRENCY,
          onAttempt: (job, outcome) => {
            if (outcome.status !== 'done') return void failed++;
            const wave = waves[firstWave.has(job.id) ? 0 : 1]!;
            wave.lastCommit = Date.now();
            wave.firstDue = Math.min(wave.firstDue, job.runAt.getTime());
            wave.lags.push(wave.lastCommit - job.runAt.getTime());
            fired++;
          },
        }),
      );
    }
    const deadline = performance.now() + (FIRST_DUE_S + first.seconds + GAP_S + second.seconds + 90) * 1000;
    while (fired + failed < TIMERS && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await Promise.all(pools.map((p) => p.close()));
  }
  WAVES.forEach(({ timers, seconds }, w) => {
    const { lags, firstDue, lastCommit } = waves[w]!;
    lags.sort((a, b) => a - b);
    const lag = (q: number) => ms(quantile(lags, q));
    row(`timer lag p50 / p95, ${timers.toLocaleString('en')} due at ${timers / seconds}/s${w === 0 ? ` (${TIMERS.toLocaleString('en')} pending)` : ''}`, `${lag(0.5)} / ${lag(0.95)}`, 'goal p95 < 1 s');
    // at most the due rate; below it the workers fell behind and the lag grew
    row(`  max; fired/s, first due → last committed`, `${lag(1)}; ${perSecond((lags.length / (lastCommit - firstDue)) * 1000)}`);
  });
  const [history] = await database.rows<{ timers: number; escalations: number; notified: number }>(
    sqlText(`SELECT count(*) FILTER (WHERE type = 'node.left' AND node_id = 'wait')::int AS timers, count(*) FILTER (WHERE type = 'task.escalated')::int AS escalations,
               (SELECT count(*)::int FROM notifications) AS notified FROM process_events`),
  );
  const once = history!.timers === TIMERS / 2 && history!.escalations === TIMERS / 2 && history!.notified === TIMERS / 2 && fired === TIMERS;
  row('  fired once each (timer nodes / escalations / notifications)', `${history!.timers} / ${history!.escalations} / ${history!.notified}`, once ? 'ok' : `!! expected ${TIMERS / 2} each, ${failed} failed attempts`);
}
