import { describe, expect, it } from 'vitest';
import { generateApiToken } from './api-tokens.ts';
import { newSecret, safeEqual, sha256Hex } from './secret.ts';
import { assertCsrfToken, isUnsafeMethod } from './csrf.ts';

describe('secrets, API tokens and CSRF', () => {
  it('makes 256-bit base64url secrets and SHA-256 hex digests', () => {
    expect(newSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });

  it('makes API tokens ml_<prefix>_<secret> with the hash of the whole token', () => {
    const { token, prefix, tokenHash } = generateApiToken();
    expect(token).toMatch(new RegExp(`^ml_${prefix}_[A-Za-z0-9_-]{43}$`));
    expect(prefix).toMatch(/^[0-9a-f]{8}$/);
    expect(tokenHash).toBe(sha256Hex(token));
  });

  it('needs the CSRF token for unsafe methods only, and exactly the session token', () => {
    expect(['GET', 'head', 'OPTIONS'].map(isUnsafeMethod)).toEqual([false, false, false]);
    expect(['POST', 'PUT', 'PATCH', 'DELETE'].map(isUnsafeMethod)).toEqual([true, true, true, true]);
    expect(() => assertCsrfToken('t0ken', undefined)).toThrow(expect.objectContaining({ status: 403, code: 'auth.csrf' }));
    expect(() => assertCsrfToken('t0ken', 't0keN')).toThrow(expect.objectContaining({ code: 'auth.csrf' }));
    expect(() => assertCsrfToken('t0ken', 't0ken')).not.toThrow();
  });
});
