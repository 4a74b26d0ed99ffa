import type { WebhookAttemptResult } from '@mainline/db';
import { WebhookError } from './webhook-error.ts';
import { parseRetryAfter } from './webhook-retry.ts';
import { webhookSignature } from './webhook-signature.ts';

export interface WebhookRequest {
  url: string;
  /** The JSON body exactly as sent and signed. */
  body: string;
  secret: string;
  /** The delivery's id: the same on every attempt. */
  idempotencyKey: string;
  timeoutMs: number;
}

export interface PostResult {
  result: WebhookAttemptResult;
  statusCode: number | null;
  /** Why it was not delivered; null when it was. */
  failure: WebhookError | null;
  /** What the answer's Retry-After asked for (429, 503), in ms; else null. */
  retryAfterMs: number | null;
}

/** How much of an error answer is kept in the log and the job's error. */
const EXCERPT_CHARS = 300;

/** The headers of one attempt, signed at `now` (a new timestamp and signature each attempt; the key stays). */
export function webhookHeaders(request: Pick<WebhookRequest, 'body' | 'secret' | 'idempotencyKey'>, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000);
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'Mainline-Webhooks/1',
    'Idempotency-Key': request.idempotencyKey,
    'Mainline-Timestamp': String(timestamp),
    'Mainline-Signature': webhookSignature(request.secret, timestamp, request.body),
  };
}

/**
 * One POST of a delivery, within `timeoutMs` (connection, headers and the start of an error
 * answer). 2xx: delivered. 410: gone, not to be retried. Any other status (redirects included:
 * they are not followed), a network error or the timeout: failed, to be retried.
 */
export async function postWebhook(request: WebhookRequest): Promise<PostResult> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, { method: 'POST', headers: webhookHeaders(request), body: request.body, redirect: 'manual', signal });
  } catch (error) {
    return { result: 'failed', statusCode: null, failure: requestFailure(request, error), retryAfterMs: null };
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel().catch(() => undefined);
    return { result: 'delivered', statusCode: response.status, failure: null, retryAfterMs: null };
  }
  const excerpt = await answerExcerpt(response);
  const answered = `${request.url} answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`;
  if (response.status === 410) return { result: 'gone', statusCode: 410, failure: new WebhookError('webhook.gone', `${answered} (not retried)`, true), retryAfterMs: null };
  const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : null;
  return { result: 'failed', statusCode: response.status, failure: new WebhookError('webhook.http-error', answered, false), retryAfterMs };
}

function requestFailure(request: WebhookRequest, error: unknown): WebhookError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new WebhookError('webhook.timeout', `${request.url} gave no answer within ${request.timeoutMs} ms`, false, { cause: error });
  }
  // fetch's TypeError("fetch failed") carries the reason (ECONNREFUSED, ENOTFOUND, a TLS error) as its cause
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new WebhookError('webhook.network-error', `${request.url} could not be reached (${reason})`, false, { cause: error });
}

/** The start of an error answer's text, on one line; the rest is not read. */
async function answerExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    while (text.length < EXCERPT_CHARS) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // the answer broke off or the attempt timed out while reading: keep what came
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}
