import { sql, type SQL } from 'drizzle-orm';
import { quoteIdent, recordTableSql, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { columnValueSql } from './column-value-sql.ts';
import type { ApiRecord } from './prepare-write.ts';
import { recordSelectList } from './record-columns.ts';
import type { RecordTarget } from './record-target.ts';
import { isUuid } from '../../org/lib/is-uuid.ts';

export function table(target: RecordTarget): SQL {
  return sql.raw(recordTableSql(target.mapped.table));
}

/** `"col" = value, …` of field values in API form. */
export function columnSets(target: RecordTarget, columns: ApiRecord): SQL[] {
  return Object.entries(columns).map(([fieldId, value]) => {
    const mapped = target.mapped.fields[fieldId]!;
    return sql`${sql.raw(quoteIdent(mapped.column))} = ${columnValueSql(value, mapped.type)}`;
  });
}

export function notFound(target: RecordTarget, id: string): OperationError {
  return new OperationError(404, 'records.not-found', `There is no ${target.object.id} record ${id}.`, [{ pointer: '/id', code: 'records.not-found', message: `No ${target.object.id} record ${id}.` }]);
}

/** The record (deleted ones too, with deletedAt) locked for the rest of the transaction; 404 when there is none. */
export async function lockRecord(ctx: OperationContext, tx: Db, target: RecordTarget, id: unknown): Promise<ApiRecord> {
  if (typeof id !== 'string' || !isUuid(id)) throw notFound(target, String(id));
  const [row] = await ctx.database.rows<ApiRecord>(sql`SELECT ${recordSelectList(target, { withDeletedAt: true })} FROM ${table(target)} WHERE "id" = ${id}::uuid FOR UPDATE`, tx);
  if (!row) throw notFound(target, id);
  return row;
}

/** The live record as it is now in the transaction (after process actions changed it), in API form. */
export async function currentRecord(ctx: OperationContext, tx: Db, target: RecordTarget, id: string): Promise<ApiRecord> {
  const [row] = await ctx.database.rows<ApiRecord>(sql`SELECT ${recordSelectList(target)} FROM ${table(target)} WHERE "id" = ${id}::uuid`, tx);
  if (!row) throw notFound(target, id);
  return row;
}

/** 409 `records.conflict` with the current row version, for a write based on an older one. */
export function conflict(target: RecordTarget, id: string, current: unknown): OperationError {
  return new OperationError(
    409,
    'records.conflict',
    `The ${target.object.id} record ${id} was changed by someone else (it is at row version ${current}): reload it and apply your change again.`,
    [{ pointer: '/rowVersion', code: 'records.conflict', message: `The record is at row version ${current}.` }],
    { rowVersion: current },
  );
}

export function checkRowVersion(target: RecordTarget, row: ApiRecord, expected: unknown): void {
  if (expected === undefined) return;
  if (typeof expected !== 'number' || !Number.isInteger(expected)) {
    throw new OperationError(422, 'records.invalid', 'The row version must be an integer.', [{ pointer: '/rowVersion', code: 'records.row-version.type', message: 'Must be an integer.' }]);
  }
  if (row.rowVersion !== expected) throw conflict(target, row.id as string, row.rowVersion);
}
