import { describe, expect, it } from 'vitest';
import { serverUrls } from './server-urls.ts';

describe('serverUrls', () => {
  it('shows wildcard hosts as localhost and brackets IPv6', () => {
    expect(serverUrls('0.0.0.0', 3000).base).toBe('http://localhost:3000');
    expect(serverUrls('::1', 8080).api).toBe('http://[::1]:8080/api/v1');
    expect(serverUrls('127.0.0.1', 3000)).toEqual({
      base: 'http://127.0.0.1:3000',
      api: 'http://127.0.0.1:3000/api/v1',
      health: 'http://127.0.0.1:3000/api/v1/health',
      trpc: 'http://127.0.0.1:3000/trpc',
    });
  });
});
