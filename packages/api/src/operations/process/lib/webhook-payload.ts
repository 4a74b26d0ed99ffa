/** The job type of webhook deliveries (process webhook steps). */
export const WEBHOOK_JOB = 'webhook.deliver';

/** A webhook delivery as queued: where to, the name of the secret that signs it, and the JSON body. */
export interface WebhookPayload {
  url: string;
  secret: string | null;
  body: {
    /** The delivery's id: the Idempotency-Key the receiver sees on every attempt. */
    id: string;
    process: string;
    instance: string;
    node: string;
    object: string;
    record: Record<string, unknown>;
    payload: Record<string, unknown>;
  };
}
