import { sql } from 'drizzle-orm';
import { quoteIdent, recordTableSql, type Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import type { RecordTarget } from './record-target.ts';

/**
 * Reference fields with `onTargetDelete: restrict` refuse the delete while live records point at
 * this one (409 `records.delete-restricted`, one problem per such field). `clear` fields are left
 * as they are: the delete is soft and a restore brings the link back; readers treat a deleted
 * target as absent.
 */
export async function checkDeleteRestrictions(ctx: OperationContext, tx: Db, target: RecordTarget, id: string): Promise<void> {
  const problems = [];
  for (const object of target.version.package.objects) {
    for (const field of object.fields) {
      if (field.type !== 'reference' || field.target !== target.object.id || field.onTargetDelete !== 'restrict') continue;
      const mapped = target.version.physical.objects[object.id];
      const column = mapped?.fields[field.id]?.column;
      if (!mapped || !column) continue;
      const [row] = await ctx.database.rows<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM ${sql.raw(recordTableSql(mapped.table))} WHERE ${sql.raw(quoteIdent(column))} = ${id}::uuid AND "deletedAt" IS NULL`,
        tx,
      );
      if (row && row.n > 0) {
        problems.push({ pointer: '/id', code: 'records.delete-restricted', message: `${row.n} ${object.id} record(s) refer to it through "${field.id}".` });
      }
    }
  }
  if (problems.length > 0) {
    throw new OperationError(409, 'records.delete-restricted', `The ${target.object.id} record ${id} is still referred to: delete or re-link those records first.`, problems);
  }
}
