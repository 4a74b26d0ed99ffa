import type { Database, VersionRegistry } from '@mainline/db';
import { startWorker, type JobHandler } from '@mainline/jobs';
import { PROCESS_TIMER_JOB, processTimerHandler } from './process-timers.ts';
import { ensureSchedules, PROCESS_SCHEDULE_JOB, processScheduleHandler } from './process-schedules.ts';

/**
 * The job worker of a server: process timers and escalations, scheduled process starts, and
 * `extra` handlers. Schedules are ensured at start and whenever the rollout changes. Several
 * servers on one PostgreSQL share the work (docs/jobs.md). Returns the stop function.
 */
export async function startProcessWorker(database: Database, registry: VersionRegistry, onError: (error: unknown) => void, extra: Record<string, JobHandler> = {}): Promise<() => Promise<void>> {
  const worker = await startWorker(database, {
    handlers: { [PROCESS_TIMER_JOB]: processTimerHandler(database), [PROCESS_SCHEDULE_JOB]: processScheduleHandler(database), ...extra },
    onError,
  });
  const schedule = () => void ensureSchedules(database).catch(onError);
  schedule();
  const unsubscribe = registry.onChange(schedule);
  return async () => {
    unsubscribe();
    await worker.stop();
  };
}
