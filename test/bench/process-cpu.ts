import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { testServerUrl } from '@mainline/db';
import { completeNext, floorCompletion, TaskSupply } from './process-complete.ts';
import { profileCompletions } from './process-profile.ts';
import { seedProcessBench } from './process-seed.ts';
import { topUpInstances } from './process-start.ts';
import { withDatabase } from './throwaway-database.ts';

// `pnpm tsx test/bench/process-cpu.ts [seconds] [callers]` — completeTask alone on PostgreSQL for a
// CPU profile of the completion path (MAINLINE_CPU_PROFILE=<file>), and the statement profile of
// completeTask and the floor.
const seconds = Number(process.argv[2] ?? 5);
const workers = Number(process.argv[3] ?? 8);

await withDatabase(testServerUrl(), async (database) => {
  const bench = await seedProcessBench(database);
  try {
    await topUpInstances(bench, 3_000);
    const floor = await floorCompletion(bench);
    const supply = new TaskSupply(bench);
    const ours = completeNext(bench, supply);
    await supply.refill();
    // MAINLINE_CPU_PROFILE=<file>: a V8 CPU profile of the timed completions alone (open it in Chrome's DevTools)
    const out = process.env.MAINLINE_CPU_PROFILE;
    const session = new Session();
    if (out) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    let calls = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < start + seconds * 1000 && (await ours())) calls++;
      }),
    );
    if (out) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(out, JSON.stringify(profile));
      session.disconnect();
    }
    console.log(`completeTask: ${calls} in ${seconds} s with ${workers} callers: ${Math.round(calls / seconds)}/s`);
    await profileCompletions(bench, ours, floor.complete, () => supply.refill(), workers);
  } finally {
    await bench.registry.close();
  }
});
