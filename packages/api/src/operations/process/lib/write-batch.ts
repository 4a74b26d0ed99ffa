import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';

/**
 * Writes of one advance (the instance's row, its tasks, its history) sent as one statement of
 * data-modifying CTEs instead of one round trip each. They see the same snapshot and cannot see
 * each other's effects, so only writes that do not depend on one another go together: a write of
 * a row the batch already inserts or updates flushes the batch first (an update would not see the
 * row inserted beside it, and of two updates of a row in one statement only one takes effect).
 * Flush before anything in the transaction reads the tables written (a record write: the
 * processes it starts depend on the live instances, the fields it may set on the open tasks).
 */
export class WriteBatch {
  private statements: SQL[] = [];
  private readonly rows = new Set<string>();

  /** Adds a write; `row` names the row it inserts or updates (table and id), unless it only appends. */
  async add(ctx: OperationContext, tx: Db, statement: SQL, row?: string): Promise<void> {
    if (row !== undefined) {
      if (this.rows.has(row)) await this.flush(ctx, tx);
      this.rows.add(row);
    }
    this.statements.push(statement);
  }

  /** Sends the writes added so far (none: nothing is sent). */
  async flush(ctx: OperationContext, tx: Db): Promise<void> {
    const statements = this.statements;
    this.statements = [];
    this.rows.clear();
    if (statements.length === 0) return;
    const last = statements.pop()!;
    const query = statements.length === 0 ? last : sql.join([sql`WITH `, sql.join(statements.map((s, i) => sql`${sql.raw(`w${i}`)} AS (${s})`), sql`, `), sql` `, last]);
    await ctx.database.rows(query, tx);
  }
}
