import { availableParallelism, loadavg } from 'node:os';
import { floorCompletion, benchCompletions, completeNext, TaskSupply, FLOOR_CASES } from './process-complete.ts';
import { ms, row } from './measure.ts';
import { profileCompletions } from './process-profile.ts';
import { seedProcessBench } from './process-seed.ts';
import { benchStarts, topUpInstances } from './process-start.ts';
import { benchTimers } from './process-timers.ts';
import { withDatabase } from './throwaway-database.ts';

/** Concurrent callers: as many as a server's pool has connections (10) and more. */
const CONCURRENCY = [8, 32] as const;
/** Instances waiting at task A before the completions are measured: each gives two completions (A, B). */
const INSTANCES = 3_000;

/**
 * Issue 6 (the process engine) on PostgreSQL: a three-step process's task completions (with the
 * record update and the next task) against a hand-written floor, instance starts against plain
 * creates, where a completion's time goes, and timer lag with 10,000 process timers pending.
 */
export async function benchProcess(url: string): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nProcess engine — three-step process, timers (PostgreSQL, ${availableParallelism()} cores, load average ${load}, pool of 10 connections)`);
  await withDatabase(url, async (database, dbUrl) => {
    const bench = await seedProcessBench(database);
    try {
      await benchStarts(bench, CONCURRENCY);
      await topUpInstances(bench, INSTANCES);
      const start = performance.now();
      const floor = await floorCompletion(bench);
      row(`  (setup: ${FLOOR_CASES.toLocaleString('en')} cases for the floor, by INSERT … SELECT)`, ms(performance.now() - start));
      const supply = new TaskSupply(bench);
      await benchCompletions(bench, supply, floor.complete, CONCURRENCY);
      await profileCompletions(bench, completeNext(bench, supply), floor.complete, () => supply.refill());
      await benchTimers(bench, dbUrl);
    } finally {
      await bench.registry.close();
    }
  });
}
