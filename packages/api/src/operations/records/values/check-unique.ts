import { sql } from 'drizzle-orm';
import { quoteIdent, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { Problem } from '../../../errors.ts';
import { columnValueSql } from '../lib/column-value-sql.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import { valueProblem, type Locale } from './value-problem.ts';
import { table } from '../lib/record-rows.ts';

/**
 * Unique fields: no other live record may hold the written value. A concurrent write can still
 * slip between this query and the insert; the partial unique index catches it and the caller
 * turns the violation into the same problem (uniqueProblems).
 */
export async function checkUnique(ctx: OperationContext, tx: Db, target: RecordTarget, written: Record<string, unknown>, recordId: string, locale: Locale): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const [fieldId, value] of Object.entries(written)) {
    const field = target.fields.get(fieldId);
    const mapped = target.mapped.fields[fieldId];
    if (value === null || !field?.unique || !mapped) continue;
    const taken = await ctx.database.rows(
      sql`SELECT 1 FROM ${table(target)} WHERE ${sql.raw(quoteIdent(mapped.column))} = ${columnValueSql(value, mapped.type)} AND "deletedAt" IS NULL AND "id" <> ${recordId}::uuid LIMIT 1`,
      tx,
    );
    if (taken.length > 0) problems.push(uniqueProblem(fieldId, locale));
  }
  return problems;
}

export function uniqueProblem(fieldId: string, locale: Locale): Problem {
  return valueProblem(fieldId, 'records.value.unique', locale, 'Another record already has this value.', '已有其他记录使用此值。');
}

/** The problems of a unique-index violation raced past checkUnique: every unique field written. */
export function uniqueProblems(target: RecordTarget, written: Record<string, unknown>, locale: Locale): Problem[] {
  const fields = Object.keys(written).filter((id) => target.fields.get(id)?.unique && written[id] !== null);
  return (fields.length > 0 ? fields : target.object.fields.filter((f) => f.unique).map((f) => f.id)).map((id) => uniqueProblem(id, locale));
}
