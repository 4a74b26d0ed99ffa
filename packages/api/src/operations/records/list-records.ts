import type { OperationContext } from '../../context.ts';
import { listPage, type ListOptions, type RecordPage } from './lib/list-query.ts';
import { requireReader } from './lib/read-scope.ts';
import { recordTarget } from './lib/record-target.ts';

export interface ListRecordsInput extends ListOptions {
  object: string;
}

/**
 * A page of records of an object: CEL filter compiled to SQL, multi-column sort with keyset
 * pagination, the total (exact up to 100,000), and the titles of referenced records (docs/records.md).
 */
export async function listRecords(ctx: OperationContext, input: ListRecordsInput): Promise<RecordPage> {
  requireReader(ctx);
  const target = await recordTarget(ctx, input.object);
  return listPage(ctx, target, input);
}
