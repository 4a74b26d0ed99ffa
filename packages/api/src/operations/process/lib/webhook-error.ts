/** Stable codes of failed webhook deliveries, at the start of the message kept on the job (docs/webhooks.md). */
export type WebhookErrorCode = 'webhook.secret-missing' | 'webhook.address-refused' | 'webhook.gone' | 'webhook.http-error' | 'webhook.timeout' | 'webhook.network-error';

/**
 * A delivery attempt that failed. `permanent` ones (no secret, an internal address, 410 Gone) fail the job at once with
 * an incident (the queue's PermanentJobError contract); the others are retried with backoff.
 */
export class WebhookError extends Error {
  /** When the next attempt is due, for the queue (set on a retried failure: the webhook schedule, not the worker's). */
  retryInMs?: number;

  constructor(
    readonly code: WebhookErrorCode,
    message: string,
    readonly permanent: boolean,
    options?: ErrorOptions,
  ) {
    super(`${code}: ${message}`, options);
    this.name = 'WebhookError';
  }
}
