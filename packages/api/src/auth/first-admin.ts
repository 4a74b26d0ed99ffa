import { sql } from 'drizzle-orm';
import { auditLog, users, type Database } from '@mainline/db';
import { generatePassword, hashPassword } from './passwords.ts';

export type FirstAdmin = { created: true; username: string; password: string } | { created: false };

/**
 * On first start, when there is no user at all: creates `admin` with a random one-time password
 * that must be changed at first sign-in, and returns the password for the caller to print.
 * Safe when several processes start at once: only one insert can succeed.
 */
export async function ensureFirstAdmin(database: Database): Promise<FirstAdmin> {
  const [existing] = await database.rows(sql`select 1 from ${users} limit 1`);
  if (existing) return { created: false };
  const username = 'admin';
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const inserted = await database.rows<{ id: string }>(sql`
    insert into ${users} (username, display_name, password_hash, must_change_password, permissions)
    select ${username}, 'Administrator', ${passwordHash}, true, array['admin']::text[]
    where not exists (select 1 from ${users})
    on conflict do nothing
    returning id`);
  const [row] = inserted;
  if (!row) return { created: false };
  await database.db.insert(auditLog).values({ actorId: null, action: 'auth.first-admin', details: { userId: row.id, username } });
  return { created: true, username, password };
}
