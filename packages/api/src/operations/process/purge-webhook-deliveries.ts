import type { OperationContext } from '../../context.ts';
import { requirePermission } from '../../errors.ts';
import { retentionMs } from './lib/retention-days.ts';
import { deleteWebhookDeliveries } from './lib/webhook-log.ts';

/**
 * Deletes the webhook delivery log's attempts older than `days` days (admins only), in batches;
 * returns how many went. The server's daily retention timer runs it with
 * MAINLINE_WEBHOOK_LOG_RETENTION_DAYS (default 30).
 */
export async function purgeWebhookDeliveriesOlderThan(ctx: OperationContext, input: { days: number }): Promise<{ deleted: number }> {
  requirePermission(ctx.actor, 'admin');
  const olderThanMs = retentionMs(input.days);
  return { deleted: await deleteWebhookDeliveries(ctx.database, { olderThanMs }) };
}
