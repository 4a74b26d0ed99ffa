import { sql } from 'drizzle-orm';
import { recordTableSql, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { Problem } from '../../../errors.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { valueProblem, type Locale } from './value-problem.ts';

/** Answers already known in this write (a bulk update checks each referenced id once). */
export type ExistenceCache = Map<string, boolean>;

/**
 * Reference fields must point at a live (not deleted) record of their target object, user fields
 * at an existing, enabled user: one query per written reference or user field.
 */
export async function checkReferences(
  ctx: OperationContext,
  tx: Db,
  target: RecordTarget,
  written: Record<string, unknown>,
  locale: Locale,
  cache: ExistenceCache = new Map(),
): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const [fieldId, value] of Object.entries(written)) {
    const field = target.fields.get(fieldId);
    if (value === null || !field || (field.type !== 'reference' && field.type !== 'user')) continue;
    const id = value as string;
    const key = `${field.type === 'user' ? 'user' : field.target}:${id}`;
    let exists = cache.get(key);
    if (exists === undefined) {
      if (field.type === 'user') {
        exists = (await ctx.database.rows(sql`SELECT 1 FROM users WHERE id = ${id}::uuid AND disabled_at IS NULL`, tx)).length > 0;
      } else {
        const table = target.version.physical.objects[field.target]?.table;
        exists = table !== undefined && (await ctx.database.rows(sql`SELECT 1 FROM ${sql.raw(recordTableSql(table))} WHERE "id" = ${id}::uuid AND "deletedAt" IS NULL`, tx)).length > 0;
      }
      cache.set(key, exists);
    }
    if (!exists) {
      problems.push(
        field.type === 'user'
          ? valueProblem(fieldId, 'records.value.user-missing', locale, `There is no active user ${id}.`, `用户 ${id} 不存在或已停用。`)
          : valueProblem(fieldId, 'records.value.reference-missing', locale, `There is no ${field.target} record ${id}.`, `${field.target} 记录 ${id} 不存在。`),
      );
    }
  }
  return problems;
}
