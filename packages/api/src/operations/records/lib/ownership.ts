import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { Problem } from '../../../errors.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';
import type { Locale } from '../values/value-problem.ts';

// Who owns a record and which org unit it belongs to: changed only by transferRecord and handOverWork.

const say = (locale: Locale, en: string, zh: string) => (locale === 'zh-CN' ? zh : en);

/**
 * `records.owner-inactive` at `pointer` unless `userId` is an active (not disabled) user. The
 * user's row is locked (FOR SHARE) until the transaction ends, so they cannot be disabled meanwhile.
 */
export async function activeOwnerProblem(ctx: OperationContext, tx: Db, userId: unknown, pointer: string, locale: Locale): Promise<Problem | null> {
  const found = typeof userId === 'string' && isUuid(userId) && (await ctx.database.rows(sql`SELECT 1 FROM users WHERE id = ${userId}::uuid AND disabled_at IS NULL FOR SHARE`, tx)).length > 0;
  if (found) return null;
  const shown = typeof userId === 'string' ? userId : JSON.stringify(userId);
  return { pointer, code: 'records.owner-inactive', message: say(locale, `There is no active user ${shown}: a record's owner must be an active user.`, `用户 ${shown} 不存在或已停用：记录的负责人必须是在用的用户。`) };
}

/** `records.org-unit-inactive` at `pointer` unless `unitId` is an org unit that is not retired (locked FOR SHARE, like the owner). */
export async function activeOrgUnitProblem(ctx: OperationContext, tx: Db, unitId: unknown, pointer: string, locale: Locale): Promise<Problem | null> {
  const found = typeof unitId === 'string' && isUuid(unitId) && (await ctx.database.rows(sql`SELECT 1 FROM org_units WHERE id = ${unitId}::uuid AND retired_at IS NULL FOR SHARE`, tx)).length > 0;
  if (found) return null;
  const shown = typeof unitId === 'string' ? unitId : JSON.stringify(unitId);
  return { pointer, code: 'records.org-unit-inactive', message: say(locale, `There is no active org unit ${shown}: records move only to units that are not retired.`, `组织单元 ${shown} 不存在或已停用：记录只能转到在用的组织单元。`) };
}

/** The audit `changes` of an ownership change: `owner` and `orgUnit`, each only when it changed. */
export function ownershipChanges(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const column of ['owner', 'orgUnit'] as const) {
    const b = before[column] ?? null;
    const a = after[column] ?? null;
    if (b !== a) changes[column] = { before: b, after: a };
  }
  return changes;
}
