import { auditLog, type Db } from '@mainline/db';
import type { Actor } from '../../context.ts';

/** Writes one platform entry of the audit log for an auth operation. */
export async function auditAuth(db: Db, actor: Actor | { userId: string }, action: string, details: Record<string, unknown> = {}): Promise<void> {
  await db.insert(auditLog).values({ actorId: actor.userId, action, details });
}
