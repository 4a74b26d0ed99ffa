import { createRecord } from '@mainline/api';
import { sqlText } from '@mainline/db';
import { ms, pairedThroughput, perSecond, ratio, row } from './measure.ts';
import { caseValues } from './process-package.ts';
import type { ProcessBench } from './process-seed.ts';

/**
 * Instance starts: creates of `ticket` (each starting the three-step process in its transaction:
 * the instance, task A, its history) against creates of `plainTicket` (same fields, no process),
 * with `workers` concurrent callers spread over the bench users.
 */
export async function benchStarts(bench: ProcessBench, concurrency: readonly number[]): Promise<void> {
  let n = 0;
  const create = (object: string) => async () => {
    const i = n++;
    await createRecord(bench.users[i % bench.users.length]!, { object, values: caseValues(i) });
    return true;
  };
  for (let i = 0; i < 20; i++) await create('ticket')(); // warm-up: caches, prepared plans
  for (const workers of concurrency) {
    const { ours, baseline } = await pairedThroughput(create('ticket'), create('plainTicket'), workers);
    row(`instance starts (create + process start), ${workers} callers`, perSecond(ours));
    row(`  plain creates, no process, ${workers} callers`, perSecond(baseline), `starts at ${ratio(ours, baseline)} of it`);
  }
}

/** Creates tickets (untimed, 32 callers) until `count` instances wait at their first task: the supply of the completion benchmark. */
export async function topUpInstances(bench: ProcessBench, count: number): Promise<void> {
  const [{ n: have } = { n: 0 }] = await bench.database.rows<{ n: number }>(sqlText(`SELECT count(*)::int AS n FROM process_tasks WHERE process_id = 'threeSteps' AND status = 'open' AND node_id = 'taskA'`));
  let next = have;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < count) {
        const i = 1_000_000 + next++;
        await createRecord(bench.users[i % bench.users.length]!, { object: 'ticket', values: caseValues(i) });
      }
    }),
  );
  if (count > have) row(`  (setup: ${(count - have).toLocaleString('en')} more tickets, ${count.toLocaleString('en')} instances at task A)`, ms(performance.now() - start));
}
