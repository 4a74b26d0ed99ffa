import { webhookDeliveries, type Database, type WebhookAttemptResult } from '@mainline/db';
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
