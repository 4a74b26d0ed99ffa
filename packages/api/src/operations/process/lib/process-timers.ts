import type { Database } from '@mainline/db';
import type { Job, TransactionalHandler } from '@mainline/jobs';
import { cliActor, type OperationContext } from '../../../context.ts';
import { advanceStoredInstance } from './process-runtime.ts';

/** The job type of process timers: timer nodes and SLA escalations. */
export const PROCESS_TIMER_JOB = 'process.timer';

export interface ProcessTimerPayload {
  instanceId: string;
  timerId: string;
  kind: 'node' | 'escalation';
  /** An escalation's firing (0 first, n its n-th repeat); null for a timer node. */
  repeat: number | null;
}

/** The jobs of one timer (a repeating escalation schedules one per firing), cancelled together. */
export function timerGroup(instanceId: string, timerId: string): string {
  return `process-timer:${instanceId}:${timerId}`;
}

/**
 * Fires a due timer: advances its instance in the transaction that marks the job done, so the
 * task it creates, the escalation it takes, happen once even with several server processes. A
 * timer the instance no longer knows (its task completed meanwhile) changes nothing.
 */
export function processTimerHandler(database: Database): TransactionalHandler<ProcessTimerPayload> {
  const ctx: OperationContext = { database, actor: cliActor('process') };
  return {
    transactional: true,
    async run(job: Job<ProcessTimerPayload>, tx) {
      const { instanceId, timerId, kind, repeat } = job.payload;
      await advanceStoredInstance(ctx, tx, instanceId, kind === 'node' ? { type: 'timerFired', timerId } : { type: 'escalationFired', timerId, ...(repeat === null ? {} : { repeat }) });
    },
  };
}
