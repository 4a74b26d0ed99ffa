export interface BackoffOptions {
  /** Delay before the second attempt (default 1 s); it doubles with each failed attempt. */
  baseMs?: number;
  /** The delay never exceeds this (default 1 h). */
  maxMs?: number;
}

/**
 * How long to wait after failed attempt number `attempt` (1 = the first): exponential
 * (`baseMs · 2^(attempt-1)`, capped at `maxMs`) with "equal jitter" — a random point in the upper
 * half — so that jobs failing together (an endpoint down) do not all come back at the same instant.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 1_000;
  const max = options.maxMs ?? 3_600_000;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, Math.min(attempt - 1, 52)));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
