import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('doubles with each attempt, within the upper half of its ceiling', () => {
    expect(backoffDelay(1, { baseMs: 1000 }, () => 0)).toBe(500);
    expect(backoffDelay(1, { baseMs: 1000 }, () => 1)).toBe(1000);
    expect(backoffDelay(2, { baseMs: 1000 }, () => 1)).toBe(2000);
    expect(backoffDelay(4, { baseMs: 1000 }, () => 0.5)).toBe(6000);
  });

  it('is capped at maxMs, however many attempts', () => {
    expect(backoffDelay(30, { baseMs: 1000, maxMs: 60_000 }, () => 1)).toBe(60_000);
    expect(backoffDelay(10_000, { baseMs: 1000, maxMs: 60_000 }, () => 0)).toBe(30_000);
  });

  it('spreads jobs that fail together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(3)));
    expect(delays.size).toBeGreaterThan(1);
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(2000);
      expect(delay).toBeLessThanOrEqual(4000);
    }
  });
});
