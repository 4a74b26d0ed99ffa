import { sql } from 'drizzle-orm';
import type { OperationContext } from '../../context.ts';
import { OperationError, type Problem } from '../../errors.ts';
import { transact } from '../org/lib/transact.ts';
import { applyUpdate } from './lib/apply-update.ts';
import { accessRulesSql } from './lib/access-sql.ts';
import { actionRules } from './lib/caller-access.ts';
import { filterSql } from './lib/filter-sql.ts';
import { readScope } from './lib/read-scope.ts';
import { callerLocale, throwIfInvalid, type ApiRecord } from './lib/prepare-write.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { table } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';
import { writeScope } from './lib/write-scope.ts';
import { checkShape } from './values/check-shape.ts';
import type { ExistenceCache } from './values/check-references.ts';
import { refuseUneditableFields } from './lib/field-access.ts';

export interface BulkUpdateInput {
  object: string;
  /** CEL condition (the SQL subset) choosing the live records to change. */
  filter: string;
  values: Record<string, unknown>;
  /** Records per transaction (default 500, at most 5,000). */
  batchSize?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface BulkUpdateResult {
  /** Records that matched the filter when the update started. */
  total: number;
  updated: number;
  /** Records left unchanged because the change would make them invalid (a validation rule, a required field). */
  failed: { id: string; problems: Problem[] }[];
}

const MAX_FAILURES_REPORTED = 100;

/**
 * Sets the same values on every live record matching the filter, in batches of `batchSize`, each
 * batch its own transaction (a crash keeps the batches done). Records go by id (keyset), so a
 * record that stops matching is not visited twice. Each record is validated and audited like an
 * update ('record.bulk-update'); one that would become invalid is skipped and reported.
 */
export async function bulkUpdateRecords(ctx: OperationContext, input: BulkUpdateInput): Promise<BulkUpdateResult> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'update');
  const locale = callerLocale(ctx);
  const batchSize = input.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 5000) {
    throw new OperationError(422, 'records.invalid', 'The batch size must be 1 to 5,000.', [{ pointer: '/batchSize', code: 'records.batch-size', message: 'Must be an integer from 1 to 5,000.' }]);
  }
  // Values that are wrong for every record fail before anything is written.
  if (typeof input.values === 'object' && input.values !== null) refuseUneditableFields(ctx, target, Object.keys(input.values));
  throwIfInvalid(target, checkShape(target, input.values, locale, null).problems, locale);
  // only records the caller may read and update: the rules of both in the query
  const updateRules = actionRules(ctx, target.version, target.object.id, 'update');
  const where = sql`(${filterSql(ctx, target, input.filter, 't')}) AND ${readScope(ctx, target, 't')} AND ${updateRules === null ? sql`true` : accessRulesSql(ctx, target, 't', updateRules)}`;
  const [count] = await ctx.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${table(target)} AS t WHERE t."deletedAt" IS NULL AND (${where})`);
  const total = count!.n;
  const result: BulkUpdateResult = { total, updated: 0, failed: [] };
  const cache: ExistenceCache = new Map();
  const bulkId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  let done = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  input.onProgress?.({ done, total });
  for (;;) {
    const batch = await transact(ctx, async (tx) => {
      const rows = await ctx.database.rows<ApiRecord>(
        sql`SELECT ${recordSelectList(target, { alias: 't' })} FROM ${table(target)} AS t WHERE t."deletedAt" IS NULL AND t."id" > ${after}::uuid AND (${where}) ORDER BY t."id" LIMIT ${batchSize} FOR UPDATE`,
        tx,
      );
      const now = new Date();
      let updated = 0;
      const failed: BulkUpdateResult['failed'] = [];
      for (const row of rows) {
        try {
          await applyUpdate(ctx, tx, target, row, input.values, { now, action: 'record.bulk-update', cache, details: { bulk: bulkId, filter: input.filter } });
          updated++;
        } catch (error) {
          // invalid after the change (422), or out of what the caller may update after it (403): skipped and reported
          if (!(error instanceof OperationError) || (error.status !== 422 && error.status !== 403)) throw error;
          failed.push({ id: row.id as string, problems: error.problems });
        }
      }
      return { rows, updated, failed };
    });
    if (batch.rows.length === 0) break;
    after = batch.rows[batch.rows.length - 1]!.id as string;
    result.updated += batch.updated;
    for (const f of batch.failed) if (result.failed.length < MAX_FAILURES_REPORTED) result.failed.push(f);
    done += batch.rows.length;
    input.onProgress?.({ done, total: Math.max(total, done) });
    if (batch.rows.length < batchSize) break;
  }
  return result;
}
