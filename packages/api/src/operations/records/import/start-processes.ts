import { sql } from 'drizzle-orm';
import type { Db } from '@mainline/db';
import type { OperationContext } from '../../../context.ts';
import { reactToRecordWrites, startsProcesses } from '../../process/lib/record-reactions.ts';
import type { ApiRecord } from '../lib/prepare-write.ts';
import { recordSelectList } from '../lib/record-columns.ts';
import { table } from '../lib/record-rows.ts';
import type { RecordTarget } from '../lib/record-target.ts';
import type { GoodRow } from './import-batch.ts';

/** Which rows of an import of `target` start processes: creates when a process starts on create, changed records when one starts on update. */
export interface ImportReactions {
  create: boolean;
  update: boolean;
}

/** Null when no process of the object reacts to what an import writes: the batches then go out with COPY and nothing else. */
export function importReactions(target: RecordTarget): ImportReactions | null {
  const reactions = { create: startsProcesses(target, 'create'), update: startsProcesses(target, 'update') };
  return reactions.create || reactions.update ? reactions : null;
}

/**
 * Starts the processes a written batch triggers, in the import's transaction, as createRecord and
 * updateRecord would: the batch's new and changed records read back in one query (as written, in
 * API form), then reactToRecordWrites in file order — `onCreate` for new records, `onUpdate` with
 * the record before for changed ones (unchanged rows are no update). Call after the batch's writes
 * have settled. Returns how many instances started.
 */
export async function startImportedProcesses(ctx: OperationContext, tx: Db, target: RecordTarget, reactions: ImportReactions, rows: readonly GoodRow[]): Promise<number> {
  const reacting = rows.filter((r) => (r.before === null ? reactions.create : reactions.update && !r.unchanged));
  if (reacting.length === 0) return 0;
  const written = await ctx.database.rows<ApiRecord>(
    sql`SELECT ${recordSelectList(target)} FROM ${table(target)} WHERE "id" = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(reacting.map((r) => r.id))}::jsonb)::uuid))`,
    tx,
  );
  const byId = new Map(written.map((r) => [r.id as string, r]));
  const writes = reacting.flatMap((r) => {
    const after = byId.get(r.id);
    return after ? [{ before: r.before, after }] : [];
  });
  return reactToRecordWrites(ctx, tx, target, writes);
}
