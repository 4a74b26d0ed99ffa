import type { Command } from 'commander';
import { purgeJobsOlderThan, purgeWebhookDeliveriesOlderThan, retentionFromEnv } from '@mainline/api';
import { withCliContext } from '../cli-context.ts';
import { withCommonOptions, type CommonOptions } from '../cli-options.ts';
import { cliLocale } from '../locale.ts';
import { say } from '../say.ts';
import { UsageError } from '../usage-error.ts';

interface PurgeLogOptions extends CommonOptions {
  olderThan?: string;
}

/** `30d` or `30`: a whole number of days, at least 1. */
export function olderThanDays(value: string): number {
  const match = /^(\d+)d?$/.exec(value.trim());
  const days = match ? Number(match[1]) : NaN;
  if (!Number.isInteger(days) || days < 1) throw new UsageError(`--older-than is a number of days such as 30d, not "${value}"`);
  return days;
}

/**
 * `mainline jobs purge` and `mainline webhooks purge`: the server's daily retention purge of
 * finished jobs and of the webhook delivery log, run now (with another age if wanted). Not
 * `mainline purge jobs`: `purge <object>` deletes the data of a retired object, which may be
 * called "jobs".
 */
export function registerPurgeLogs(program: Command): void {
  const jobs = program.command('jobs').description('The durable job queue (timers, escalations, webhook deliveries)');
  withCommonOptions(
    jobs
      .command('purge')
      .description('Delete jobs that finished (done or cancelled) before --older-than; failed jobs stay while their incident is open. The server does this daily')
      .option('--older-than <days>', 'age such as 7d (default MAINLINE_JOB_RETENTION_DAYS, else 7d)'),
  ).action(async (options: PurgeLogOptions) => {
    const locale = cliLocale(options.lang);
    const days = options.olderThan === undefined ? retentionFromEnv().jobsDays : olderThanDays(options.olderThan);
    await withCliContext(options, locale, async (ctx) => {
      const { deleted } = await purgeJobsOlderThan(ctx, { days });
      process.stdout.write(options.json ? `${JSON.stringify({ ok: true, deleted, days }, null, 2)}\n` : `${say(locale, `Purged ${deleted} finished job(s) older than ${days} day(s).`, `已清除 ${deleted} 个 ${days} 天前完成的作业。`)}\n`);
    });
  });

  const webhooks = program.command('webhooks').description('Process webhooks: their delivery log');
  withCommonOptions(
    webhooks
      .command('purge')
      .description('Delete delivery attempts logged before --older-than. The server does this daily')
      .option('--older-than <days>', 'age such as 30d (default MAINLINE_WEBHOOK_LOG_RETENTION_DAYS, else 30d)'),
  ).action(async (options: PurgeLogOptions) => {
    const locale = cliLocale(options.lang);
    const days = options.olderThan === undefined ? retentionFromEnv().webhookDeliveriesDays : olderThanDays(options.olderThan);
    await withCliContext(options, locale, async (ctx) => {
      const { deleted } = await purgeWebhookDeliveriesOlderThan(ctx, { days });
      process.stdout.write(options.json ? `${JSON.stringify({ ok: true, deleted, days }, null, 2)}\n` : `${say(locale, `Purged ${deleted} delivery attempt(s) older than ${days} day(s).`, `已清除 ${deleted} 条 ${days} 天前的投递记录。`)}\n`);
    });
  });
}
