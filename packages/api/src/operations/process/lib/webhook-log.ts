import { sql } from 'drizzle-orm';
import { deleteInBatches, webhookDeliveries, type Database, type WebhookAttemptResult } from '@mainline/db';
import type { Job } from '@mainline/jobs';
import type { WebhookPayload } from './webhook-payload.ts';

export interface AttemptRecord {
  result: WebhookAttemptResult;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Writes one attempt to the delivery log of its endpoint. */
export async function logAttempt(database: Database, job: Job<WebhookPayload>, attempt: AttemptRecord): Promise<void> {
  const { url, body } = job.payload;
  await database.db.insert(webhookDeliveries).values({
    deliveryId: body.id,
    jobId: job.id,
    url,
    attempt: job.attempts,
    ...attempt,
    processId: body.process,
    instanceId: body.instance,
    nodeId: body.node,
  });
}

/**
 * Deletes the delivery log's rows written more than `olderThanMs` ago, `batch` rows a statement
 * (so a large purge holds no long lock); returns how many went. The log is history only: nothing
 * reads it to decide a delivery (the job carries the attempts).
 */
export async function deleteWebhookDeliveries(database: Database, options: { olderThanMs: number; batch?: number }): Promise<number> {
  return deleteInBatches(database, 'webhook_deliveries', sql`at < now() - ${options.olderThanMs} * interval '1 millisecond'`, options);
}
