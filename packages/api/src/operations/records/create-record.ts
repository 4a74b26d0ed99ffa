import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { quoteIdent } from '@mainline/db';
import type { AutoNumberField } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { isUniqueViolation, transact } from '../org/lib/transact.ts';
import { auditCreatedSql } from './lib/audit-record.ts';
import { nextAutoNumber } from './lib/auto-numbers.ts';
import { columnValueSql } from './lib/column-value-sql.ts';
import { callerLocale, prepareWrite, throwIfInvalid, type ApiRecord } from './lib/prepare-write.ts';
import { recordSelectList } from './lib/record-columns.ts';
import { table } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';
import { affectedParents, refreshRollups } from './lib/rollups.ts';
import { writeScope } from './lib/write-scope.ts';
import { uniqueProblems } from './values/check-unique.ts';

export interface CreateRecordInput {
  object: string;
  /** Field id → value in API form. Unknown, system and computed fields are refused. */
  values: Record<string, unknown>;
}

/**
 * Creates a record: validates against the configuration (every problem in one 422), fills
 * defaults, auto-numbers and formulas, owner and org unit from the caller, writes the audit entry
 * and refreshes the rollups over it — all in one transaction. Returns the record in API form.
 */
export async function createRecord(ctx: OperationContext, input: CreateRecordInput): Promise<ApiRecord> {
  const target = await recordTarget(ctx, input.object);
  writeScope(ctx, target, 'create');
  const id = randomUUID();
  const now = new Date();
  let stored: ApiRecord = {};
  try {
    return await transact(ctx, async (tx) => {
      const prepared = await prepareWrite(ctx, tx, target, { before: null, id, values: input.values, now });
      stored = prepared.written;
      const columns: ApiRecord = { ...prepared.columns };
      for (const field of target.object.fields) {
        if (field.type === 'autoNumber') columns[field.id] = await nextAutoNumber(ctx, tx, target.object.id, field as AutoNumberField, now);
        if (field.type === 'rollup' && (field.function === 'count' || field.function === 'sum')) columns[field.id] = 0;
      }
      const names = ['"id"', '"owner"', '"orgUnit"', '"createdBy"', '"updatedBy"', '"createdAt"', '"updatedAt"'];
      const actor = ctx.actor.userId;
      const at = now.toISOString();
      const values = [sql`${id}::uuid`, sql`${actor}::uuid`, sql`${ctx.actor.orgUnitId ?? null}::uuid`, sql`${actor}::uuid`, sql`${actor}::uuid`, sql`${at}::timestamptz`, sql`${at}::timestamptz`];
      for (const [fieldId, value] of Object.entries(columns)) {
        const mapped = target.mapped.fields[fieldId];
        if (!mapped) continue;
        names.push(quoteIdent(mapped.column));
        values.push(columnValueSql(value, mapped.type));
      }
      // the record and its audit entry in one statement (one round trip)
      const [created] = await ctx.database.rows<ApiRecord>(
        sql`WITH "created" AS (INSERT INTO ${table(target)} (${sql.raw(names.join(', '))}) VALUES (${sql.join(values, sql`, `)}) RETURNING ${recordSelectList(target)}),
          "audited" AS (${auditCreatedSql(ctx, target, id, 'created')})
          SELECT * FROM "created"`,
        tx,
      );
      await refreshRollups(ctx, tx, target.version, target.object.id, affectedParents(target.version, target.object.id, [created!]), now);
      return created!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throwIfInvalid(target, uniqueProblems(target, stored, callerLocale(ctx)), callerLocale(ctx));
    throw error;
  }
}
