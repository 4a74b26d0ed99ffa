import { sql } from 'drizzle-orm';
import { accessActions } from '@mainline/access';
import { orgUnits, roleAssignments, type Database } from '@mainline/db';
import type { ConfigPackage, Grant } from '@mainline/model';
import { accessCacheOf } from '../operations/records/lib/caller-access.ts';

/** The role `withFullAccessRole` adds. */
export const FULL_ACCESS_ROLE = 'testFullAccess';

/**
 * The package with one more role granting every action on every object to every record (`all`),
 * for tests about records rather than access: their users get it with `grantFullAccess`.
 */
export function withFullAccessRole(pkg: ConfigPackage): ConfigPackage {
  const all = Object.fromEntries(accessActions.map((a) => [a, { scope: 'all' }])) as Grant['actions'];
  const grants: Grant[] = pkg.objects.map((o) => ({ object: o.id, actions: all }));
  return { ...pkg, roles: [...pkg.roles, { id: FULL_ACCESS_ROLE, label: { en: 'Test: full access', 'zh-CN': '测试：全部权限' }, grants }] };
}

/** Gives `userId` the full-access role, held in the user's own unit, else the first unit (created when there is none). */
export async function grantFullAccess(database: Database, userId: string): Promise<void> {
  const [own] = await database.rows<{ id: string | null }>(sql`select org_unit_id::text as id from users where id = ${userId}::uuid`);
  let unitId = own?.id ?? null;
  if (!unitId) {
    const [first] = await database.db.select({ id: orgUnits.id }).from(orgUnits).orderBy(orgUnits.path).limit(1);
    unitId = first?.id ?? (await database.db.insert(orgUnits).values({ code: 'test-root', name: { en: 'Test root', 'zh-CN': '测试根' }, path: '/' }).returning({ id: orgUnits.id }))[0]!.id;
    if (!first) await database.db.update(orgUnits).set({ path: sql`'/' || ${unitId}::text || '/'` }).where(sql`${orgUnits.id} = ${unitId}::uuid`);
  }
  await database.db.insert(roleAssignments).values({ userId, roleId: FULL_ACCESS_ROLE, orgUnitId: unitId }).onConflictDoNothing();
  accessCacheOf(database).invalidate(userId);
}

/** `user`, after `grantFullAccess`. */
export async function withFullAccess<T extends { id: string }>(database: Database, user: T): Promise<T> {
  await grantFullAccess(database, user.id);
  return user;
}
