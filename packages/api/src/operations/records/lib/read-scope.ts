import { sql, type SQL } from 'drizzle-orm';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { accessRulesSql } from './access-sql.ts';
import { actionRules } from './caller-access.ts';
import type { RecordTarget } from './record-target.ts';

/** 401 for anonymous callers: every records read needs a signed-in user, an API token or the CLI. */
export function requireReader(ctx: OperationContext): void {
  if (ctx.actor.via === 'anonymous') throw new OperationError(401, 'auth.unauthenticated', 'Sign in first.');
}

/**
 * The rows of `target` the caller may read, as a SQL condition on the table alias `alias`: the
 * read rules of their business roles (scopes and conditions, docs/access.md) in the query itself.
 * Every records read (list, get, related, search, aggregates, reference titles, export) goes
 * through here. The command line reads everything.
 */
export function readScope(ctx: OperationContext, target: RecordTarget, alias: string): SQL {
  const rules = actionRules(ctx, target.version, target.object.id, 'read');
  return rules === null ? sql`true` : accessRulesSql(ctx, target, alias, rules);
}
