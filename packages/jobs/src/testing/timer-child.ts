import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@mainline/db';
import { startWorker } from '../worker/start-worker.ts';

// A server process of the two-process test: a worker on the PostgreSQL database at argv[2] whose
// timer handler counts each invocation (autocommitted, so a rolled-back attempt still counts) and
// writes its effect in the job's transaction. Prints "ready" once started; stops on "stop" on stdin.
const [url, workerId, concurrency = '4'] = process.argv.slice(2);
if (!url || !workerId) throw new Error('usage: timer-child.ts <url> <worker id> [concurrency]');

const database = await openDatabase({ url, migrate: false, poolSize: Number(concurrency) * 2 + 2 });
const worker = await startWorker(database, {
  workerId,
  concurrency: Number(concurrency),
  pollMs: 200,
  handlers: {
    'two-process.timer': {
      transactional: true,
      run: async (job, tx) => {
        await database.rows(sql`INSERT INTO timer_calls (job_id, worker) VALUES (${job.id}, ${workerId})`);
        await tx.execute(sql`INSERT INTO timer_effects (job_id, worker) VALUES (${job.id}, ${workerId})`);
      },
    },
  },
});
console.log('ready');

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'stop') break;
}
await worker.stop();
await database.close();
console.log('stopped');
process.exit(0); // stdin stays open
