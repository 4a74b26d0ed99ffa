import type { Database } from '@mainline/db';
import type { BackoffOptions, OutsideHandler } from '@mainline/jobs';
import { logAttempt } from './webhook-log.ts';
import type { WebhookPayload } from './webhook-payload.ts';
import { postWebhook } from './webhook-post.ts';
import { WEBHOOK_ALLOW_HOSTS_VARIABLE, webhookAllowList } from './webhook-address.ts';
import { resolveWebhookSecret, type SecretSource } from './webhook-secrets.ts';
import { WebhookError } from './webhook-error.ts';
import { WEBHOOK_BACKOFF, webhookRetryDelay } from './webhook-retry.ts';

export interface WebhookDeliveryOptions {
  /** Where secrets are read from (default `process.env`): `MAINLINE_WEBHOOK_SECRET_<NAME>`, `MAINLINE_WEBHOOK_SECRET`. */
  secrets?: SecretSource;
  /** How long one attempt may take (default 10 s); then it counts as failed and is retried. */
  timeoutMs?: number;
  /** The wait between attempts (default WEBHOOK_BACKOFF: from 30 s, doubling, at most 1 h). */
  backoff?: BackoffOptions;
  /**
   * Internal hosts, addresses and subnets webhooks may reach (`erp.internal`, `127.0.0.1`,
   * `10.20.0.0/16`); default MAINLINE_WEBHOOK_ALLOW_HOSTS (comma-separated), else none: a URL
   * that is or resolves to a loopback, private, link-local or unique-local address is refused.
   */
  allowHosts?: readonly string[];
}

/**
 * Delivers the webhooks of process steps (jobs of type WEBHOOK_JOB), at least once, outside any
 * transaction: a signed POST of the JSON body with the delivery's id as `Idempotency-Key`; each
 * attempt written to the delivery log. A failed attempt throws, so the queue retries it after the
 * webhook backoff (an incident after the last); no secret, an internal address that is not allowed
 * or a 410 fail the job at once (docs/webhooks.md).
 */
export function webhookHandler(database: Database, options: WebhookDeliveryOptions = {}): OutsideHandler<WebhookPayload> {
  const secrets = options.secrets ?? process.env;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const backoff = options.backoff ?? WEBHOOK_BACKOFF;
  const allow = webhookAllowList(options.allowHosts ?? process.env[WEBHOOK_ALLOW_HOSTS_VARIABLE]);
  return async (job) => {
    const { url, secret: secretName, body } = job.payload;
    let secret: string;
    try {
      secret = resolveWebhookSecret(secretName, secrets);
    } catch (error) {
      if (error instanceof WebhookError) await logAttempt(database, job, { result: 'not-sent', statusCode: null, error: error.message, durationMs: 0 });
      throw error;
    }
    const started = performance.now();
    const posted = await postWebhook({ url, body: JSON.stringify(body), secret, idempotencyKey: body.id, timeoutMs, allow });
    const durationMs = Math.round(performance.now() - started);
    await logAttempt(database, job, { result: posted.result, statusCode: posted.statusCode, error: posted.failure?.message ?? null, durationMs });
    if (posted.failure) {
      if (!posted.failure.permanent) posted.failure.retryInMs = webhookRetryDelay(job.attempts, posted.retryAfterMs, backoff);
      throw posted.failure;
    }
  };
}
