import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import type { Write } from './process-writes.ts';

/** Batch shapes sent as prepared statements so far: at most MAX_PREPARED, so that odd shapes cannot fill every connection with statements. */
const prepared = new Set<string>();
const MAX_PREPARED = 200;

function allowPrepared(shape: string): boolean {
  if (!prepared.has(shape) && prepared.size < MAX_PREPARED) prepared.add(shape);
  return prepared.has(shape);
}

/**
 * Writes of one advance (the instance's row, its tasks, its history) sent as one statement of
 * data-modifying CTEs instead of one round trip each. They see the same snapshot and cannot see
 * each other's effects, so only writes that do not depend on one another go together: a write of
 * a row the batch already inserts or updates flushes the batch first (an update would not see the
 * row inserted beside it, and of two updates of a row in one statement only one takes effect).
 * Flush before anything in the transaction reads the tables written (a record write: the
 * processes it starts depend on the live instances, the fields it may set on the open tasks), or
 * send them with the record's update, whose reads before it do not look at them (take).
 * On PostgreSQL a batch is a prepared statement (its text follows the shapes of its writes: the
 * same for every completion of the same step), parsed and planned once per connection.
 */
export class WriteBatch {
  private writes: Write[] = [];
  private readonly rows = new Set<string>();

  /** Adds a write; `row` names the row it inserts or updates (table and id), unless it only appends. */
  async add(ctx: OperationContext, tx: Db, write: Write, row?: string): Promise<void> {
    if (row !== undefined) {
      if (this.rows.has(row)) await this.flush(ctx, tx);
      this.rows.add(row);
    }
    this.writes.push(write);
  }

  /**
   * The writes added so far, taken out of the batch to go with another statement (a record's
   * update: applyUpdate's `alongside`), and whether that statement may be prepared: `shape` tells
   * its own text apart (its table and columns), and prepared ones count towards MAX_PREPARED.
   */
  take(shape: string): { statements: SQL[]; prepare: boolean } {
    const statements = this.writes.map((w) => w.sql);
    const key = `${this.writes.map((w) => w.shape).join(' ')} | ${shape}`;
    this.writes = [];
    this.rows.clear();
    return { statements, prepare: allowPrepared(key) };
  }

  /** Sends the writes added so far (none: nothing is sent). */
  async flush(ctx: OperationContext, tx: Db): Promise<void> {
    const writes = this.writes;
    this.writes = [];
    this.rows.clear();
    if (writes.length === 0) return;
    const shape = writes.map((w) => w.shape).join(' ');
    const statements = writes.map((w) => w.sql);
    const last = statements.pop()!;
    const query: SQL = statements.length === 0 ? last : sql.join([sql`WITH `, sql.join(statements.map((s, i) => sql`${sql.raw(`w${i}`)} AS (${s})`), sql`, `), sql` `, last]);
    await ctx.database.rows(query, tx, allowPrepared(shape) ? { prepareAs: 'process_writes' } : undefined);
  }
}
