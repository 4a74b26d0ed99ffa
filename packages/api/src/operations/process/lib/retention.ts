import { purgeJobs } from '@mainline/jobs';
import type { Database } from '@mainline/db';
import { cliActor } from '../../../context.ts';
import { auditRetentionDays, purgeAuditOlderThan } from '../../records/purge-audit.ts';
import { isRetentionDays, retentionDaysFromEnv } from './retention-days.ts';
import { deleteWebhookDeliveries } from './webhook-log.ts';

const DAY_MS = 86_400_000;

/** How long a server keeps what it purges daily. */
export interface RetentionOptions {
  /** Days finished jobs (done, cancelled) are kept: default MAINLINE_JOB_RETENTION_DAYS, else 7. Failed jobs stay while their incident is open. */
  jobsDays: number;
  /** Days webhook delivery attempts are kept: default MAINLINE_WEBHOOK_LOG_RETENTION_DAYS, else 30. */
  webhookDeliveriesDays: number;
  /** Days record audit entries are kept: MAINLINE_AUDIT_RETENTION_DAYS; null (the default) keeps them forever. */
  auditDays: number | null;
}

export interface RetentionReport {
  jobs: number;
  webhookDeliveries: number;
  audit: number;
}

/** The retention a server runs with when its options name none: from the environment, else the defaults (7 days of jobs, 30 of deliveries, audit forever). */
export function retentionFromEnv(env: NodeJS.ProcessEnv = process.env): RetentionOptions {
  return { jobsDays: retentionDaysFromEnv(env, 'MAINLINE_JOB_RETENTION_DAYS', 7), webhookDeliveriesDays: retentionDaysFromEnv(env, 'MAINLINE_WEBHOOK_LOG_RETENTION_DAYS', 30), auditDays: auditRetentionDays(env) };
}

/** Checks retention options given in code (createServer): whole days, at least 1. */
export function checkRetention(options: RetentionOptions): RetentionOptions {
  for (const [name, days] of Object.entries(options)) {
    if (days === null && name === 'auditDays') continue;
    if (!isRetentionDays(days)) throw new Error(`retention.${name} must be a whole number of days, at least 1 (it is ${String(days)})`);
  }
  return options;
}

/** Purges what is older than the retention: finished jobs, delivery attempts, and record audit entries when their retention is set. */
export async function runRetention(database: Database, options: RetentionOptions): Promise<RetentionReport> {
  const jobs = await purgeJobs(database, { olderThanMs: options.jobsDays * DAY_MS });
  const webhookDeliveries = await deleteWebhookDeliveries(database, { olderThanMs: options.webhookDeliveriesDays * DAY_MS });
  const audit = options.auditDays === null ? 0 : (await purgeAuditOlderThan({ database, actor: cliActor('retention') }, { days: options.auditDays })).deleted;
  return { jobs, webhookDeliveries, audit };
}

/** When the first purge runs after a server starts (default), then every day. */
const FIRST_AFTER_MS = 60_000;

/**
 * The server's retention hook, beside its job worker: runRetention a minute after start, then
 * every 24 hours, until the returned stop function is called. Not a job: a perpetual job would
 * always be pending, and a purge is cheap and idempotent — several servers on one database may
 * each run it (jobs are claimed with SKIP LOCKED; a delivery row two purges both pick is deleted
 * once). `onError` gets a failed run; the next runs as planned.
 */
export function startRetention(database: Database, options: RetentionOptions, hooks: { onError: (error: unknown) => void; onPurged?: (report: RetentionReport) => void; firstAfterMs?: number }): () => Promise<void> {
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout;
  let stopped = false;
  const run = () => {
    running = runRetention(database, options).then(
      (report) => hooks.onPurged?.(report),
      (error: unknown) => hooks.onError(error),
    );
    void running.then(() => {
      if (!stopped) schedule(DAY_MS);
    });
  };
  const schedule = (ms: number) => {
    timer = setTimeout(run, ms);
    timer.unref();
  };
  schedule(hooks.firstAfterMs ?? FIRST_AFTER_MS);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
