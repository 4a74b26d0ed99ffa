import { and, isNull, ne, sql } from 'drizzle-orm';
import { platformPermissions, users, type Db, type PlatformPermission } from '@mainline/db';
import type { Actor } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import type { FieldIssue } from './field-checks.ts';

export function checkPermissionNames(permissions: readonly string[]): FieldIssue | undefined {
  const unknown = permissions.filter((p) => !(platformPermissions as readonly string[]).includes(p));
  if (unknown.length === 0) return undefined;
  return { code: 'org.user.unknown-permission', message: `Unknown platform permission ${unknown.map((p) => `"${p}"`).join(', ')}; known: ${platformPermissions.join(', ')}.` };
}

/**
 * A caller grants or withdraws only permissions it holds itself (admin holds all): otherwise
 * manageUsers alone would be a way to make oneself admin.
 */
export function requireCanChange(actor: Actor, before: readonly PlatformPermission[], after: readonly PlatformPermission[]): void {
  if (actor.permissions.includes('admin')) return;
  const changed = platformPermissions.filter((p) => before.includes(p) !== after.includes(p));
  const beyond = changed.filter((p) => !actor.permissions.includes(p));
  if (beyond.length > 0) throw new OperationError(403, 'org.user.permission-escalation', `Only a holder of ${beyond.map((p) => `"${p}"`).join(', ')} can grant or withdraw it.`);
}

/**
 * Refuses when `userId` is the last enabled admin and is about to stop being one. The enabled
 * admins are locked first, so two concurrent demotions cannot both see "another admin remains".
 */
export async function requireAnotherAdmin(tx: Db, userId: string): Promise<void> {
  const isAdmin = sql`'admin' = any(${users.permissions})`;
  await tx.select({ id: users.id }).from(users).where(and(isAdmin, isNull(users.disabledAt))).for('update');
  const others = await tx.$count(users, and(isAdmin, isNull(users.disabledAt), ne(users.id, userId)));
  if (others === 0) throw new OperationError(409, 'org.user.last-admin', 'This is the last enabled admin: make another user admin first.');
}
