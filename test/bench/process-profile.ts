import { sqlText } from '@mainline/db';
import { cpuNow, row } from './measure.ts';
import type { ProcessBench } from './process-seed.ts';
import { countStatements } from './statement-counter.ts';

interface Profile {
  calls: number;
  statements: number;
  /** Per call: time waited for statements (summed over callers), CPU of this process and of PostgreSQL. */
  waitMs: number;
  nodeCpuMs: number;
  postgresCpuMs: number | null;
  byText: [string, { count: number; ms: number }][];
}

/** Runs `fn` with `workers` concurrent callers for `seconds`, counting statements and CPU time per call. */
async function profile(bench: ProcessBench, fn: () => Promise<boolean>, workers: number, seconds: number, between: () => Promise<void>): Promise<Profile> {
  await between();
  // the backends of this database (the pool's connections, opened by the runs before)
  const pids = (await bench.database.rows<{ pid: number }>(sqlText('SELECT pid FROM pg_stat_activity WHERE datname = current_database()'))).map((r) => r.pid);
  let calls = 0;
  const before = await cpuNow(pids);
  const tally = await countStatements(bench.database, async () => {
    const end = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < end && (await fn())) calls++;
      }),
    );
  });
  const after = await cpuNow(pids);
  return {
    calls,
    statements: tally.total / calls,
    waitMs: tally.ms / calls,
    nodeCpuMs: (after.node - before.node) / calls,
    postgresCpuMs: after.postgres === null || before.postgres === null ? null : (after.postgres - before.postgres) / calls,
    byText: [...tally.byText].sort((a, b) => b[1].ms - a[1].ms),
  };
}

const perCall = (p: Profile) =>
  `${p.statements.toFixed(1)} stmts, wait ${p.waitMs.toFixed(1)} ms, CPU node ${p.nodeCpuMs.toFixed(2)} ms + PostgreSQL ${p.postgresCpuMs === null ? '?' : p.postgresCpuMs.toFixed(2)} ms`;

/**
 * Where the time of a completion goes: statements per completion and the time waited for each
 * kind (pg client side), and the CPU time per completion in this process (the operation, the
 * engine, drizzle, pg) and in PostgreSQL (all its processes, from /proc) — for completeTask and
 * for the floor.
 */
export async function profileCompletions(bench: ProcessBench, ours: () => Promise<boolean>, floor: () => Promise<boolean>, between: () => Promise<void>, workers = 8): Promise<void> {
  const o = await profile(bench, ours, workers, 2, between);
  const f = await profile(bench, floor, workers, 2, between);
  row(`profile, ${workers} callers, per completion — completeTask`, '', perCall(o));
  row('  floor', '', perCall(f));
  console.log(`  completeTask's statements (per completion: count, mean wait):`);
  for (const [text, { count, ms }] of o.byText) console.log(`    ${(count / o.calls).toFixed(2).padStart(5)} × ${(ms / count).toFixed(2).padStart(6)} ms  ${text.slice(0, 84)}`);
}
