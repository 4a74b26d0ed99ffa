import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '@mainline/db';
import type { BackoffOptions } from '../backoff.ts';
import { JOBS_CHANNEL } from '../channel.ts';
import type { Job } from '../job.ts';
import { claimJobs, nextDueMs } from './claim-jobs.ts';
import { isTransactional, type JobHandler } from './handler.ts';
import { reapExpiredLeases, releaseLeases } from './leases.ts';
import { runJob, type AttemptOutcome } from './run-job.ts';

export interface WorkerOptions {
  /** One handler per job type; the worker claims only these types. */
  handlers: Record<string, JobHandler>;
  /** Jobs run at the same time (default 4). On PostgreSQL each transactional one holds a pooled connection. */
  concurrency?: number;
  /** The longest sleep between two looks for due jobs (default 1,000 ms). It also sleeps only until the next timer is due, and wakes at once on NOTIFY. */
  pollMs?: number;
  /** How long a claimed job stays this worker's without news (default 30,000 ms); renewed while a handler outside a transaction runs. */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Names the worker in `jobs.locked_by` (default host:pid:random). */
  workerId?: string;
  /** Errors of the worker itself (database unreachable, …), not of handlers: those are recorded on the job. Default: a process warning. */
  onError?: (error: unknown) => void;
  /** Called after each attempt (tests, metrics). */
  onAttempt?: (job: Job, outcome: AttemptOutcome) => void;
}

export interface StopOptions {
  /** How long to wait for running handlers before handing their jobs back (default: the lease). */
  graceMs?: number;
}

export interface Worker {
  readonly id: string;
  /** Look for due jobs now. */
  wake(): void;
  /** Jobs running right now. */
  running(): number;
  /** Claims nothing more, waits for running handlers (up to `graceMs`), hands back the jobs of those that did not finish, stops listening. */
  stop(options?: StopOptions): Promise<void>;
}

/** The smallest sleep while a due job exists that another worker is claiming right now. */
const MIN_SLEEP_MS = 10;

/**
 * Starts a worker on `database`: it claims due jobs of its handlers' types with
 * `FOR UPDATE SKIP LOCKED` under a lease, runs them (at most `concurrency` at a time), retries
 * failures with exponential backoff and opens an incident after the last one. Workers in any number
 * of server processes can share one PostgreSQL database. See docs/jobs.md.
 */
export async function startWorker(database: Database, options: WorkerOptions): Promise<Worker> {
  const types = Object.keys(options.handlers);
  if (types.length === 0) throw new Error('a worker needs at least one handler');
  const id = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const concurrency = options.concurrency ?? 4;
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 30_000;
  const onError = options.onError ?? ((error: unknown) => process.emitWarning(`job worker ${id}: ${String(error)}`));
  const context = { database, workerId: id, leaseMs, backoff: options.backoff ?? {} };

  const active = new Map<Promise<void>, Job>();
  let stopping = false;
  let ticking: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let lastReap = 0;

  const sleep = (ms: number) => {
    if (timer) clearTimeout(timer);
    if (stopping) return;
    timer = setTimeout(wake, ms);
    timer.unref();
  };

  const start = (job: Job) => {
    const handler = options.handlers[job.type]!;
    const run: Promise<void> = runJob(context, job, handler)
      .then((outcome) => options.onAttempt?.(job, outcome))
      .catch(onError)
      .finally(() => {
        active.delete(run);
        wake();
      });
    active.set(run, job);
  };

  const tick = async () => {
    do {
      again = false;
      if (Date.now() - lastReap >= Math.min(pollMs, leaseMs / 2)) {
        lastReap = Date.now();
        await reapExpiredLeases(database);
      }
      const free = concurrency - active.size;
      if (free <= 0) return sleep(pollMs); // a finishing job wakes the worker
      const claimed = await claimJobs(database, { workerId: id, types, limit: free, leaseMs });
      for (const job of claimed) start(job);
      if (claimed.length === free) again = true; // there may be more due
      if (!again && !stopping) {
        const next = await nextDueMs(database, types);
        sleep(next === null ? pollMs : Math.max(MIN_SLEEP_MS, Math.min(pollMs, next)));
      }
    } while (again && !stopping);
  };

  function wake(): void {
    if (stopping) return;
    if (ticking) {
      again = true;
      return;
    }
    ticking = tick()
      .catch((error) => {
        onError(error);
        sleep(pollMs);
      })
      .finally(() => {
        ticking = undefined;
        if (again) wake(); // woken between the loop's last check and here
      });
  }

  const unlisten = await database.listen(JOBS_CHANNEL, wake);
  wake();

  return {
    id,
    wake,
    running: () => active.size,
    async stop(stopOptions = {}) {
      if (stopping) return;
      stopping = true;
      if (timer) clearTimeout(timer);
      await unlisten();
      await ticking;
      const graceMs = stopOptions.graceMs ?? leaseMs;
      let graceTimer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...active.keys()]).then(() => true),
        new Promise<false>((resolve) => (graceTimer = setTimeout(() => resolve(false), graceMs))),
      ]);
      clearTimeout(graceTimer);
      if (!finished) {
        const outside = [...active.values()].filter((job) => !isTransactional(options.handlers[job.type]!));
        await releaseLeases(database, id, outside).catch(onError);
      }
    },
  };
}
