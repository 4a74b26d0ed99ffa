import type { SQL } from 'drizzle-orm';
import { allows, rulesSql, type AccessRule } from '@mainline/access';
import { compileExpr } from '@mainline/expr';
import type { OperationContext } from '../../../context.ts';
import { filterSql } from './filter-sql.ts';
import { recordEnv, writerUser } from './record-env.ts';
import type { RecordTarget } from './record-target.ts';

/** The rows of `target` that `rules` allow the caller, as SQL on `alias`: scopes and the grants' CEL conditions compiled into the query. */
export function accessRulesSql(ctx: OperationContext, target: RecordTarget, alias: string, rules: readonly AccessRule[]): SQL {
  return rulesSql(rules, {
    alias,
    userId: ctx.actor.userId,
    condition: (source) => filterSql(ctx, target, source, alias, `/roles/${rules[0]?.grantedBy ?? ''}/condition`, { configured: true }),
  });
}

/** Whether `rules` allow the caller `record` (API form) — the in-memory twin of accessRulesSql, for writes and explanations. */
export function accessRulesAllow(ctx: OperationContext, target: RecordTarget, rules: readonly AccessRule[], record: Record<string, unknown>, now = new Date()): boolean {
  const env = recordEnv(target);
  const user = writerUser(ctx);
  return allows(rules, record, ctx.actor.userId ?? '', (source) => {
    try {
      return compileExpr(env, source).test({ record, user, now });
    } catch {
      return false;
    }
  });
}
