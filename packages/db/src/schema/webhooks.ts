import { bigserial, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * What became of one delivery attempt: `delivered` (a 2xx answer); `failed` (another status, a
 * network error or a timeout: retried with backoff while attempts remain); `gone` (410: not
 * retried); `not-sent` (no secret to sign it with, or an internal address that is not allowed: not
 * retried).
 */
export type WebhookAttemptResult = 'delivered' | 'failed' | 'gone' | 'not-sent';

/**
 * The delivery log of webhooks (docs/webhooks.md): one row per attempt, per endpoint, newest last.
 * `delivery_id` is the Idempotency-Key the receiver saw; `job_id` the job that carried it (the job
 * may since have been purged).
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deliveryId: text('delivery_id').notNull(),
    jobId: uuid('job_id').notNull(),
    url: text('url').notNull(),
    attempt: integer('attempt').notNull(),
    result: text('result').$type<WebhookAttemptResult>().notNull(),
    /** The HTTP status of the answer; null when none came (network error, timeout, not sent). */
    statusCode: integer('status_code'),
    /** Why it failed: the status and the start of the answer, the network error, the timeout, the missing secret. */
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    processId: text('process_id'),
    instanceId: uuid('instance_id'),
    nodeId: text('node_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  // `at` for the retention purge (docs/webhooks.md): rows older than the retention go in batches
  (t) => [index('webhook_deliveries_url').on(t.url, t.id), index('webhook_deliveries_delivery').on(t.deliveryId), index('webhook_deliveries_at').on(t.at)],
);
