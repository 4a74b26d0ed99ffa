import { backoffDelay, type BackoffOptions } from '@mainline/jobs';

/**
 * The wait after a failed attempt: from 30 s, doubling, at most 1 h, with the queue's jitter (a
 * random point in the upper half) — with 8 attempts, the last comes about 30 to 60 minutes after
 * the first. A receiver's Retry-After (429, 503) makes it longer, never shorter, up to the maximum.
 */
export const WEBHOOK_BACKOFF = { baseMs: 30_000, maxMs: 3_600_000 } as const satisfies BackoffOptions;

export function webhookRetryDelay(attempt: number, retryAfterMs: number | null, backoff: BackoffOptions = WEBHOOK_BACKOFF): number {
  const scheduled = backoffDelay(attempt, backoff);
  if (retryAfterMs === null) return scheduled;
  return Math.min(backoff.maxMs ?? WEBHOOK_BACKOFF.maxMs, Math.max(scheduled, retryAfterMs));
}

/** A Retry-After header in milliseconds from now: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
