import { auditLog, type Db } from '@mainline/db';
import type { Actor } from '../../../context.ts';

/** Writes one platform entry of the audit log for an organisation operation, in the caller's transaction. */
export async function auditOrg(tx: Db, actor: Actor, action: string, details: Record<string, unknown>): Promise<void> {
  await tx.insert(auditLog).values({ actorId: actor.userId, action, details: { ...details, by: actor.username, via: actor.via } });
}
