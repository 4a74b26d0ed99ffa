import type { Database, PlatformPermission } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';

/** A context for tests: a caller holding exactly `permissions`. */
export function testContext(database: Database, permissions: PlatformPermission[] = ['manageUsers'], userId: string | null = null): OperationContext {
  return { database, actor: { userId, username: `tester-${permissions.join('+') || 'none'}`, permissions, via: 'session' } };
}
