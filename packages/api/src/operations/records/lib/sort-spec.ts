import { sql, type SQL } from 'drizzle-orm';
import type { OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { refuseHiddenField } from './field-access.ts';
import { qualified, queryColumn, type QueryColumn } from './record-columns-sql.ts';
import type { RecordTarget } from './record-target.ts';

export interface SortInput {
  field: string;
  direction?: 'asc' | 'desc';
}

/** One key of a list's order; `id` ascending always ends the list (tie-breaker for keyset pages). */
export interface SortKey {
  column: QueryColumn;
  desc: boolean;
}

export const MAX_SORT_KEYS = 5;

/** The sort keys of a list request; 422 at `/sort/i/field` for a field the object does not have, 403 for one hidden from the caller. */
export function sortSpec(ctx: OperationContext, target: RecordTarget, input: readonly SortInput[] | undefined): SortKey[] {
  if (input !== undefined && !Array.isArray(input)) throw sortError('/sort', 'records.sort.invalid', 'The sort must be a list of { field, direction }.');
  const sort = input ?? [];
  if (sort.length > MAX_SORT_KEYS) throw sortError('/sort', 'records.sort.invalid', `At most ${MAX_SORT_KEYS} sort keys.`);
  const keys: SortKey[] = [];
  sort.forEach((entry, i) => {
    const name = entry && typeof entry === 'object' ? entry.field : undefined;
    const column = typeof name === 'string' ? queryColumn(target, name) : undefined;
    if (!column) throw sortError(`/sort/${i}/field`, 'records.sort.unknown-field', `There is no field ${JSON.stringify(String(name))} on ${target.object.id} to sort by.`);
    refuseHiddenField(ctx, target, column.name, `/sort/${i}/field`, 'sort by');
    const direction = entry.direction ?? 'asc';
    if (direction !== 'asc' && direction !== 'desc') throw sortError(`/sort/${i}/direction`, 'records.sort.invalid', 'The direction is "asc" or "desc".');
    if (column.name === 'id') return;
    keys.push({ column, desc: direction === 'desc' });
  });
  keys.push({ column: queryColumn(target, 'id')!, desc: false });
  return keys;
}

/**
 * ORDER BY of the keys. NULLs count as larger than every value in both directions (asc NULLS LAST,
 * desc NULLS FIRST — PostgreSQL's default, so indexes serve it), which the keyset predicate follows.
 */
export function orderBySql(keys: readonly SortKey[], alias: string): SQL {
  return sql.raw(keys.map((k) => `${qualified(alias, k.column)} ${k.desc ? 'DESC NULLS FIRST' : 'ASC NULLS LAST'}`).join(', '));
}

function sortError(pointer: string, code: string, message: string): OperationError {
  return new OperationError(422, code, message, [{ pointer, code, message }]);
}
