import type { FastifyReply, FastifyRequest } from 'fastify';
import { OperationError } from '../../errors.ts';
import type { SortInput } from '../../operations/records/index.ts';

// HTTP ↔ operation for /records: the comma lists of the query, If-Match and ETag, and the
// problem pointers of the values (the operations say `/values/x`; a REST body is the values).

const SORT_KEY = /^(-?)([A-Za-z_][A-Za-z0-9_]*)$/;

/** `-closeDate,name` → [{ field: 'closeDate', direction: 'desc' }, { field: 'name', direction: 'asc' }]; 422 at `/sort` when it is not that. */
export function parseSort(sort: string | undefined): SortInput[] | undefined {
  if (sort === undefined || sort === '') return undefined;
  return sort.split(',').map((key) => {
    const match = SORT_KEY.exec(key.trim());
    if (!match) {
      const message = `The sort is a comma-separated list of field ids, each with a leading "-" for descending (e.g. "-closeDate,name"); ${JSON.stringify(key)} is not one.`;
      throw new OperationError(422, 'records.sort.invalid', message, [{ pointer: '/sort', code: 'records.sort.invalid', message }]);
    }
    return { field: match[2]!, direction: match[1] === '-' ? 'desc' : 'asc' };
  });
}

/** `a,b` → ['a', 'b'] (blanks dropped); absent → undefined (every field, every object). */
export function parseList(list: string | undefined): string[] | undefined {
  if (list === undefined) return undefined;
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const IF_MATCH = /^(?:W\/)?"?(\d{1,15})"?$/;

/**
 * The row version of `If-Match`: `"7"` as this API sends it in ETag, also `W/"7"` and a bare `7`.
 * Absent: 428 `records.if-match-required` when `required`, else undefined. Anything else: 400.
 */
export function rowVersionOf(request: FastifyRequest, required: boolean): number | undefined {
  const header = request.headers['if-match'];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') {
    if (!required) return undefined;
    throw new OperationError(428, 'records.if-match-required', 'Send If-Match with the rowVersion of the record as you read it (its ETag), so a change made by someone else since is not overwritten.');
  }
  const match = IF_MATCH.exec(value);
  if (!match) throw new OperationError(400, 'records.if-match-invalid', `If-Match is the record's ETag, such as "7" (its rowVersion); ${JSON.stringify(value)} is not one.`);
  return Number(match[1]);
}

/** Sends one record with its row version as ETag. */
export function sendRecord(reply: FastifyReply, record: Record<string, unknown>, status = 200): FastifyReply {
  if (typeof record.rowVersion === 'number') void reply.header('etag', `"${record.rowVersion}"`);
  return reply.code(status).send(record);
}

/** Runs a write whose body is the values: problems at `/values/x` come back at `/x`, `/values` at the root. */
export async function withBodyPointers<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!(error instanceof OperationError)) throw error;
    const problems = error.problems.map((p) => (p.pointer === '/values' || p.pointer.startsWith('/values/') ? { ...p, pointer: p.pointer.slice('/values'.length) } : p));
    const translated = new OperationError(error.status, error.code, error.message, problems, error.details);
    translated.stack = error.stack;
    throw translated;
  }
}
