import { sql } from 'drizzle-orm';
import type { Database } from '@mainline/db';

/**
 * The role catalogue of the configuration versions in force, pilots included: a role id exists
 * when any version in force has it. For callers that do not pass a catalogue (REST, tRPC).
 * Before the first publish there are no roles.
 */
export async function rolesInForce(database: Database): Promise<(roleId: string) => boolean> {
  const rows = await database.rows<{ id: string }>(sql`
    SELECT DISTINCT role->>'id' AS id
    FROM config_versions v CROSS JOIN LATERAL jsonb_array_elements(coalesce(v.package->'roles', '[]'::jsonb)) AS role
    WHERE v.id IN (SELECT version_id FROM rollout_assignments)`);
  const ids = new Set(rows.map((row) => row.id));
  return (roleId) => ids.has(roleId);
}
