import { purgeJobs } from '@mainline/jobs';
import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { retentionMs } from './lib/retention-days.ts';

/**
 * Deletes the jobs that finished (done or cancelled) more than `days` days ago (admins only), in
 * batches; returns how many went. Failed jobs stay while their incident may be retried. The
 * server's daily retention timer runs it with MAINLINE_JOB_RETENTION_DAYS (default 7).
 */
export async function purgeJobsOlderThan(ctx: OperationContext, input: { days: number }): Promise<{ deleted: number }> {
  requirePermission(ctx.actor, 'admin');
  const olderThanMs = retentionMs(input.days);
  return { deleted: await purgeJobs(ctx.database, { olderThanMs }) };
}
