import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';
import type { HeldRole } from './types.ts';

/**
 * The roles `userId` holds (live assignments), each with the units of its subtree: one query,
 * the subtree by the materialised path (`org_units_path`, text_pattern_ops). Retired units below
 * stay in the subtree — their records are still somewhere.
 */
export async function loadHeldRoles(database: Database, userId: string): Promise<HeldRole[]> {
  const rows = await database.rows<{ roleId: string; orgUnitId: string; subtree: string[] }>(
    sql`select ra.role_id as "roleId", ra.org_unit_id::text as "orgUnitId",
        array(select s.id::text from org_units s where s.path like replace(replace(replace(u.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%' order by s.id) as subtree
      from role_assignments ra join org_units u on u.id = ra.org_unit_id
      where ra.user_id = ${userId}::uuid and ra.retired_at is null
      order by ra.role_id, ra.org_unit_id`,
  );
  return rows.map((r) => ({ roleId: r.roleId, orgUnitId: r.orgUnitId, subtree: r.subtree }));
}
