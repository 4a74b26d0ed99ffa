/**
 * The wait before the next attempt that a handler's error asks for — a numeric `retryInMs` on it
 * (a handler with its own schedule, an endpoint's Retry-After) — or undefined: the worker's backoff.
 */
export function requestedRetryDelay(error: unknown): number | undefined {
  const value = typeof error === 'object' && error !== null ? (error as { retryInMs?: unknown }).retryInMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : undefined;
}
