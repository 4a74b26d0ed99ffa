import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { webhookDeliveries, type WebhookAttemptResult } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';

export interface ListWebhookDeliveriesInput {
  /** One endpoint's log: the exact url of the webhook step. */
  url?: string;
  /** Every attempt of one delivery (its Idempotency-Key). */
  deliveryId?: string;
  /** The deliveries of one process instance. */
  instanceId?: string;
  /** The page after this one: attempts older than the log id `next` of the previous page. */
  before?: number;
  /** At most this many (1–500, default 50). */
  limit?: number;
}

export interface WebhookAttempt {
  /** The log row's id, in the order attempts were written. */
  id: number;
  deliveryId: string;
  jobId: string;
  url: string;
  attempt: number;
  result: WebhookAttemptResult;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  processId: string | null;
  instanceId: string | null;
  nodeId: string | null;
  at: string;
}

export interface WebhookDeliveryLog {
  attempts: WebhookAttempt[];
  /** `before` for the next page; null on the last. */
  next: number | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function invalid(pointer: string, message: string): OperationError {
  return new OperationError(422, 'webhook.invalid', message, [{ pointer, code: 'webhook.invalid', message }]);
}

/** The webhook delivery log, for admins: one row per attempt, newest first, by endpoint, delivery or instance. */
export async function listWebhookDeliveries(ctx: OperationContext, input: ListWebhookDeliveriesInput = {}): Promise<WebhookDeliveryLog> {
  requirePermission(ctx.actor, 'admin');
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw invalid('/limit', 'The limit is a whole number from 1 to 500.');
  if (input.before !== undefined && (!Number.isSafeInteger(input.before) || input.before < 1)) throw invalid('/before', 'before is the `next` of a previous page.');
  if (input.instanceId !== undefined && !UUID.test(input.instanceId)) throw invalid('/instanceId', 'The instance id is a uuid.');
  const conditions: SQL[] = [];
  if (input.url !== undefined) conditions.push(eq(webhookDeliveries.url, input.url));
  if (input.deliveryId !== undefined) conditions.push(eq(webhookDeliveries.deliveryId, input.deliveryId));
  if (input.instanceId !== undefined) conditions.push(eq(webhookDeliveries.instanceId, input.instanceId));
  if (input.before !== undefined) conditions.push(lt(webhookDeliveries.id, input.before));
  const rows = await ctx.database.db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit + 1);
  const attempts = rows.slice(0, limit).map((row) => ({ ...row, at: row.at.toISOString() }));
  return { attempts, next: rows.length > limit ? attempts[attempts.length - 1]!.id : null };
}
