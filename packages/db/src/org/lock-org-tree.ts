import { sql } from 'drizzle-orm';
import type { Db } from '../connection/database.ts';

/** Advisory lock key of the org tree ("MLOT"). */
const orgTreeLockKey = 0x4d4c4f54;

/**
 * Serialises structural changes of the org tree until the transaction ends. A move rewrites the
 * paths of a whole subtree from one snapshot; a unit inserted or moved under that subtree by a
 * concurrent transaction would keep a stale path, so creates, moves, retirements and imports
 * take this lock first. They are rare; readers never take it.
 */
export async function lockOrgTree(tx: Db): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${sql.raw(String(orgTreeLockKey))})`);
}
