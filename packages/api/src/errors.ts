/** One problem of a request, at a JSON pointer into its input (RFC 9457 extension member `errors`). */
export interface Problem {
  pointer: string;
  code: string;
  message: string;
}

/**
 * An expected failure of an operation: REST turns it into problem+json with `status`, tRPC into
 * the same structure. `code` is a stable string documented in docs/.
 */
export class OperationError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 428 | 429,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

export function requirePermission(actor: { permissions: readonly string[] }, permission: string): void {
  if (!actor.permissions.includes(permission) && !actor.permissions.includes('admin')) {
    throw new OperationError(403, 'auth.forbidden', `This needs the platform permission "${permission}".`);
  }
}

/** Passes when the actor holds any of `permissions` (or `admin`): for reads open to several kinds of user. */
export function requireAnyPermission(actor: { permissions: readonly string[] }, permissions: readonly string[]): void {
  if (!permissions.some((p) => actor.permissions.includes(p)) && !actor.permissions.includes('admin')) {
    throw new OperationError(403, 'auth.forbidden', `This needs one of the platform permissions ${permissions.map((p) => `"${p}"`).join(', ')}.`);
  }
}
