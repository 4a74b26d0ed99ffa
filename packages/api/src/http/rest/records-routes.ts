import type { FastifyInstance } from 'fastify';
import {
  aggregateRecords,
  createRecord,
  deleteRecord,
  getRecord,
  listRecords,
  listRelated,
  recordHistory,
  restoreRecord,
  searchRecords,
  transferRecord,
  updateRecord,
  type AggregateRecordsInput,
} from '../../operations/records/index.ts';
import { operationContext } from '../operation-context.ts';
import {
  aggregateBody,
  getRecordQuery,
  listRecordsQuery,
  objectParams,
  recordParams,
  recordValuesBody,
  relatedParams,
  relatedQuery,
  searchQuery,
  transferBody,
} from '../schemas/records-schemas.ts';
import { parseList, parseSort, rowVersionOf, sendRecord, withBodyPointers } from './record-request.ts';
import type { RestOptions } from './rest-options.ts';

type ObjectParams = { Params: { object: string } };
type RecordParams = { Params: { object: string; id: string } };
type ListQuery = { filter?: string; sort?: string; fields?: string; pageSize?: number; cursor?: string; includeDeleted?: boolean; withTotal?: boolean };
type Values = Record<string, unknown>;

/** Query parameters → the operations' list options (`withTotal=false` skips the count: `total` is null). */
function listOptions({ filter, sort, fields, pageSize, cursor, includeDeleted, withTotal }: ListQuery) {
  return { filter, sort: parseSort(sort), fields: parseList(fields), pageSize, cursor, includeDeleted, withTotal };
}

/**
 * Records under /api/v1/records/{object} and /api/v1/search (docs/records.md, "REST and tRPC"):
 * routes only translate HTTP ↔ the records operations, which check access and meaning. Bodies of
 * create and PATCH are the field values themselves; a single record answers with ETag `"<rowVersion>"`.
 */
export async function recordsRoutes(app: FastifyInstance, { database }: RestOptions): Promise<void> {
  app.get<ObjectParams & { Querystring: ListQuery }>('/records/:object', { schema: { params: objectParams, querystring: listRecordsQuery } }, async (request) =>
    listRecords(operationContext(request, database), { object: request.params.object, ...listOptions(request.query) }),
  );

  app.post<ObjectParams & { Body: Values }>('/records/:object', { schema: { params: objectParams, body: recordValuesBody } }, async (request, reply) => {
    const { object } = request.params;
    const record = await withBodyPointers(() => createRecord(operationContext(request, database), { object, values: request.body }));
    void reply.header('location', `${app.prefix}/records/${encodeURIComponent(object)}/${String(record.id)}`);
    return sendRecord(reply, record, 201);
  });

  // Reports: POST for the body, though it changes nothing (cookie sessions send X-CSRF-Token like any POST).
  app.post<ObjectParams & { Body: Omit<AggregateRecordsInput, 'object'> }>('/records/:object/aggregate', { schema: { params: objectParams, body: aggregateBody } }, async (request) =>
    aggregateRecords(operationContext(request, database), { ...request.body, object: request.params.object }),
  );

  app.get<RecordParams & { Querystring: Pick<ListQuery, 'fields' | 'includeDeleted'> }>('/records/:object/:id', { schema: { params: recordParams, querystring: getRecordQuery } }, async (request, reply) => {
    const { fields, includeDeleted } = request.query;
    return sendRecord(reply, await getRecord(operationContext(request, database), { ...request.params, fields: parseList(fields), includeDeleted }));
  });

  // If-Match is required: 428 without it, 409 from the operation when the record moved on.
  app.patch<RecordParams & { Body: Values }>('/records/:object/:id', { schema: { params: recordParams, body: recordValuesBody } }, async (request, reply) => {
    const rowVersion = rowVersionOf(request, true)!;
    const record = await withBodyPointers(() => updateRecord(operationContext(request, database), { ...request.params, rowVersion, values: request.body }));
    return sendRecord(reply, record);
  });

  // Soft delete, If-Match optional; 200 with the deleted record (it carries deletedAt and the ETag a restore starts from).
  app.delete<RecordParams>('/records/:object/:id', { schema: { params: recordParams } }, async (request, reply) =>
    sendRecord(reply, await deleteRecord(operationContext(request, database), { ...request.params, rowVersion: rowVersionOf(request, false) })),
  );

  app.post<RecordParams>('/records/:object/:id/restore', { schema: { params: recordParams } }, async (request, reply) =>
    sendRecord(reply, await restoreRecord(operationContext(request, database), request.params)),
  );

  // A new owner and/or org unit (ids in the body); If-Match required as for PATCH; the record with its new ETag.
  app.post<RecordParams & { Body: { owner?: string; orgUnit?: string } }>('/records/:object/:id/transfer', { schema: { params: recordParams, body: transferBody } }, async (request, reply) => {
    const rowVersion = rowVersionOf(request, true)!;
    return sendRecord(reply, await transferRecord(operationContext(request, database), { ...request.params, ...request.body, rowVersion }));
  });

  app.get<RecordParams>('/records/:object/:id/history', { schema: { params: recordParams } }, async (request) =>
    recordHistory(operationContext(request, database), request.params),
  );

  app.get<{ Params: { object: string; id: string; relatedObject: string }; Querystring: ListQuery & { field?: string } }>(
    '/records/:object/:id/related/:relatedObject',
    { schema: { params: relatedParams, querystring: relatedQuery } },
    async (request) => listRelated(operationContext(request, database), { ...request.params, field: request.query.field, ...listOptions(request.query) }),
  );

  app.get<{ Querystring: { q: string; objects?: string; limit?: number } }>('/search', { schema: { querystring: searchQuery } }, async (request) => {
    const { q, objects, limit } = request.query;
    return searchRecords(operationContext(request, database), { q, objects: parseList(objects), limit });
  });
}
