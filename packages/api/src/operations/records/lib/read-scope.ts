import { sql, type SQL } from 'drizzle-orm';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import type { RecordTarget } from './record-target.ts';

/** 401 for anonymous callers: every records read needs a signed-in user, an API token or the CLI. */
export function requireReader(ctx: OperationContext): void {
  if (ctx.actor.via === 'anonymous') throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
}

/**
 * The rows of `target` the caller may read, as a SQL condition on the table alias `alias`. Every
 * records read (list, get, related, search, aggregates, reference titles) goes through here.
 *
 * TODO(issue 5): business roles — compile the caller's grants (scope own/unit/unit and below/all
 * plus the grant condition) into this condition. Until then every signed-in caller reads all rows.
 */
export function readScope(_ctx: OperationContext, _target: RecordTarget, _alias: string): SQL {
  return sql`true`;
}
