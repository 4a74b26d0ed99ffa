import type { OperationContext } from '../../context.ts';
import { revokeSession } from '../../auth/sessions.ts';

/** Ends the caller's session. Nothing to do for API tokens (revoke those instead) or without a session. */
export async function logout(ctx: OperationContext): Promise<void> {
  const { actor } = ctx;
  if (actor.via !== 'session' || !actor.sessionId) return;
  await revokeSession(ctx.database.db, actor.sessionId);
}
