import { describe, expect, it } from 'vitest';
import { parseRetryAfter, webhookRetryDelay } from './webhook-retry.ts';

describe('webhook retry delays', () => {
  it('start at 15–30 s and double up to an hour', () => {
    for (let i = 0; i < 50; i++) {
      const first = webhookRetryDelay(1, null);
      expect(first).toBeGreaterThanOrEqual(15_000);
      expect(first).toBeLessThanOrEqual(30_000);
      const seventh = webhookRetryDelay(7, null);
      expect(seventh).toBeGreaterThanOrEqual(960_000);
      expect(seventh).toBeLessThanOrEqual(1_920_000);
      expect(webhookRetryDelay(20, null)).toBeLessThanOrEqual(3_600_000);
    }
  });

  it('wait at least what Retry-After asks, at most an hour', () => {
    expect(webhookRetryDelay(1, 600_000)).toBe(600_000);
    expect(webhookRetryDelay(1, 86_400_000)).toBe(3_600_000);
    expect(webhookRetryDelay(1, 0)).toBeGreaterThanOrEqual(15_000);
  });

  it('read Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('Mon, 31 Dec 2029 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
