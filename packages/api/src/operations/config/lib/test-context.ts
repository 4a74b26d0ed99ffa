import type { Database, PlatformPermission } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';

/** A context for tests: a caller holding exactly `permissions`. */
export function configTestContext(database: Database, permissions: PlatformPermission[] = ['publish']): OperationContext {
  return { database, actor: { userId: null, username: `tester-${permissions.join('+') || 'none'}`, permissions, via: 'session' } };
}
