import { sql } from 'drizzle-orm';
import { CronExpressionParser } from 'cron-parser';
import { enqueue, type Job, type TransactionalHandler } from '@mainline/jobs';
import type { Database } from '@mainline/db';
import type { ScheduledTrigger } from '@mainline/model';
import { cliActor, type OperationContext } from '../../../context.ts';
import { filterSql } from '../../records/lib/filter-sql.ts';
import type { ApiRecord } from '../../records/lib/prepare-write.ts';
import { recordSelectList } from '../../records/lib/record-columns.ts';
import { table } from '../../records/lib/record-rows.ts';
import { targetIn } from '../../records/lib/record-target.ts';
import { organisationVersionId, versionById } from '../../records/lib/version-in-force.ts';
import { startInstance } from './process-runtime.ts';

/** The job type of scheduled process starts: one job per due occurrence of a cron trigger. */
export const PROCESS_SCHEDULE_JOB = 'process.schedule';

/** Records one firing starts at most (the rest wait for the next occurrence). */
export const MAX_SCHEDULED_STARTS = 5000;

export interface ProcessSchedulePayload {
  versionId: number;
  processId: string;
  /** The trigger's index among the process's triggers. */
  trigger: number;
  /** The occurrence this job is for (ISO). */
  dueAt: string;
}

/** The next occurrence of `cron` after `after`, in the server's time zone. */
export function nextOccurrence(cron: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after }).next().toDate();
}

function scheduleKey(p: ProcessSchedulePayload): string {
  return `process-schedule:${p.versionId}:${p.processId}:${p.trigger}:${p.dueAt}`;
}

/**
 * Makes sure the next occurrence of every scheduled trigger of the whole organisation's version is
 * a job (idempotent: the job's key is the occurrence). Servers call it at start and whenever the
 * rollout changes. Pilot versions' schedules start when the version is promoted to everyone.
 */
export async function ensureSchedules(database: Database, now = new Date()): Promise<number> {
  const ctx: OperationContext = { database, actor: cliActor('process') };
  return database.db.transaction(async (tx) => {
    const versionId = await organisationVersionId(tx);
    if (versionId === null) return 0;
    const version = await versionById(ctx, versionId, tx);
    let created = 0;
    for (const process of version.package.processes ?? []) {
      if (process.enabled === false) continue;
      for (const [index, trigger] of process.triggers.entries()) {
        if (trigger.type !== 'scheduled') continue;
        const payload: ProcessSchedulePayload = { versionId, processId: process.id, trigger: index, dueAt: nextOccurrence(trigger.cron, now).toISOString() };
        if ((await enqueue(tx, { type: PROCESS_SCHEDULE_JOB, payload, runAt: new Date(payload.dueAt), key: scheduleKey(payload) })).created) created++;
      }
    }
    return created;
  });
}

/**
 * Fires one occurrence, in the transaction that takes the job: one instance per live record that
 * matches the trigger's filter and has none of this process running (at most
 * MAX_SCHEDULED_STARTS), then the next occurrence as a job. An occurrence of a version no longer
 * in force for the whole organisation does nothing: its successor schedules its own.
 */
export function processScheduleHandler(database: Database): TransactionalHandler<ProcessSchedulePayload> {
  const ctx: OperationContext = { database, actor: cliActor('process') };
  return {
    transactional: true,
    async run(job: Job<ProcessSchedulePayload>, tx) {
      const payload = job.payload;
      if ((await organisationVersionId(tx)) !== payload.versionId) return { superseded: true };
      const version = await versionById(ctx, payload.versionId, tx);
      const process = version.package.processes?.find((p) => p.id === payload.processId);
      const trigger = process?.triggers[payload.trigger] as ScheduledTrigger | undefined;
      if (!process || process.enabled === false || trigger?.type !== 'scheduled') return { superseded: true };
      const target = targetIn(version, process.object);
      const filter = trigger.filter ? filterSql(ctx, target, trigger.filter, 't', `/processes/${process.id}/triggers/${payload.trigger}/filter`, { configured: true }) : sql`true`;
      const records = await ctx.database.rows<ApiRecord>(
        sql`SELECT ${recordSelectList(target, { alias: 't' })} FROM ${table(target)} AS t
             WHERE t."deletedAt" IS NULL AND (${filter})
               AND NOT EXISTS (SELECT 1 FROM process_instances AS i WHERE i.object_id = ${target.object.id} AND i.record_id = t."id" AND i.process_id = ${process.id} AND i.status IN ('running', 'incident'))
             ORDER BY t."id" LIMIT ${MAX_SCHEDULED_STARTS}`,
        tx,
      );
      for (const record of records) await startInstance(ctx, tx, target, process, record, 'scheduled');
      const next: ProcessSchedulePayload = { ...payload, dueAt: nextOccurrence(trigger.cron, new Date(Math.max(Date.now(), Date.parse(payload.dueAt)))).toISOString() };
      await enqueue(tx, { type: PROCESS_SCHEDULE_JOB, payload: next, runAt: new Date(next.dueAt), key: scheduleKey(next) });
      return { started: records.length };
    },
  };
}
