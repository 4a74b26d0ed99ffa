import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { WebhookAttemptResult } from '@mainline/db';
import { webhookTarget, type WebhookAllowList, type WebhookTarget } from './webhook-address.ts';
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
  /** Internal hosts, addresses and subnets the delivery may reach (webhook-address.ts). */
  allow: WebhookAllowList;
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
 * One POST of a delivery, within `timeoutMs` (look-up, connection, headers and the start of an
 * error answer). A host that is or resolves to an internal address (not allowed): not sent, a
 * permanent failure. 2xx: delivered. 410: gone, not to be retried. Any other status (redirects
 * included: they are not followed), a network error or the timeout: failed, to be retried.
 */
export async function postWebhook(request: WebhookRequest): Promise<PostResult> {
  const signal = AbortSignal.timeout(request.timeoutMs);
  let response: IncomingMessage;
  try {
    const target = await webhookTarget(request.url, request.allow, signal);
    response = await send(target, request, signal);
  } catch (error) {
    if (error instanceof WebhookError) return { result: 'not-sent', statusCode: null, failure: error, retryAfterMs: null };
    return { result: 'failed', statusCode: null, failure: requestFailure(request, error), retryAfterMs: null };
  }
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    response.on('error', () => undefined).resume(); // the rest of the answer is not needed
    return { result: 'delivered', statusCode: status, failure: null, retryAfterMs: null };
  }
  const excerpt = await answerExcerpt(response);
  const answered = `${request.url} answered ${status}${excerpt ? `: ${excerpt}` : ''}`;
  if (status === 410) return { result: 'gone', statusCode: 410, failure: new WebhookError('webhook.gone', `${answered} (not retried)`, true), retryAfterMs: null };
  const retryAfter = response.headers['retry-after'];
  const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(typeof retryAfter === 'string' ? retryAfter : null) : null;
  return { result: 'failed', statusCode: status, failure: new WebhookError('webhook.http-error', answered, false), retryAfterMs };
}

/** The POST, connecting to the target's checked addresses; resolves with the answer's head. */
function send(target: WebhookTarget, request: WebhookRequest, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = target.url.protocol === 'https:' ? https : http;
    const headers = { ...webhookHeaders(request), 'Content-Length': String(Buffer.byteLength(request.body)) };
    const post = client.request(target.url, { method: 'POST', headers, signal, ...(target.lookup ? { lookup: target.lookup } : {}) }, resolve);
    post.on('error', reject); // also a late abort (the attempt's timeout) after the answer: nothing to do then
    post.end(request.body);
  });
}

function requestFailure(request: WebhookRequest, error: unknown): WebhookError {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new WebhookError('webhook.timeout', `${request.url} gave no answer within ${request.timeoutMs} ms`, false, { cause: error });
  }
  // the request's or the look-up's error has the reason as its code (ECONNREFUSED, ENOTFOUND, a TLS error); a wrapped one as its cause's
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
  return new WebhookError('webhook.network-error', `${request.url} could not be reached (${reason})`, false, { cause: error });
}

/** The start of an error answer's text, on one line; the rest is not read. */
async function answerExcerpt(response: IncomingMessage): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response) {
      text += decoder.decode(chunk as Buffer, { stream: true });
      if (text.length >= EXCERPT_CHARS) break;
    }
  } catch {
    // the answer broke off or the attempt timed out while reading: keep what came
  } finally {
    response.on('error', () => undefined).destroy();
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS)}…` : line;
}
