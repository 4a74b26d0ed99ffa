import type { Actor } from '../../context.ts';
import { OperationError } from '../../errors.ts';

/** The signed-in user's id; 401 for a caller who is not a user (anonymous, or the command line). */
export function requireUserId(actor: Actor): string {
  if (actor.userId === null) throw new OperationError(401, 'auth.unauthenticated', 'This operation needs a signed-in user.');
  return actor.userId;
}
