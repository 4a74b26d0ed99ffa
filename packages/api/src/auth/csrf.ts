import { OperationError } from '../errors.ts';
import { safeEqual } from './secret.ts';

export const csrfHeader = 'x-csrf-token';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request of this method changes something and so needs the CSRF token with a cookie. */
export function isUnsafeMethod(method: string): boolean {
  return !safeMethods.has(method.toUpperCase());
}

/**
 * Throws 403 `auth.csrf` unless `provided` (the X-CSRF-Token header) equals the session's token.
 * The token is bound to the session on the server, so a cookie an attacker manages to plant does
 * not help: the header has to match what the server issued for this very session.
 */
export function assertCsrfToken(expected: string, provided: string | undefined): void {
  if (provided === undefined || provided === '') {
    throw new OperationError(403, 'auth.csrf', 'This request needs the X-CSRF-Token header: send the csrfToken you got at login (also in the mainline_csrf cookie).');
  }
  if (!safeEqual(expected, provided)) {
    throw new OperationError(403, 'auth.csrf', 'The X-CSRF-Token header does not match this session. Read the current token from GET /api/v1/auth/session or the mainline_csrf cookie.');
  }
}
