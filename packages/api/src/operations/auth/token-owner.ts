import type { Actor } from '../../context.ts';
import { OperationError, requirePermission } from '../../errors.ts';

/**
 * Whose tokens an operation works on: the caller's own by default; another user's only with the
 * platform permission manageUsers. The command line has no user of its own, so it must name one.
 */
export function tokenOwner(actor: Actor, requestedUserId: string | undefined): string {
  const userId = requestedUserId ?? actor.userId;
  if (userId === null) throw new OperationError(400, 'auth.user-required', 'Say whose API tokens these are (userId).', [{ pointer: '/userId', code: 'auth.user-required', message: 'Required here.' }]);
  if (userId !== actor.userId) requirePermission(actor, 'manageUsers');
  return userId;
}
