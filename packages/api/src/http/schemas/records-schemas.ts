// Structure only: the operations check meaning (objects, field ids, values, filters, page sizes,
// sort fields, cursors) and answer 404/422 with pointers into their input (docs/records.md).

const objectId = { type: 'string', minLength: 1, maxLength: 200 } as const;
/** Not a uuid pattern: an id that is not one is simply not found (404 `records.not-found`). */
const recordId = { type: 'string', minLength: 1, maxLength: 200 } as const;
const filter = { type: 'string', maxLength: 4000 } as const;
const cursor = { type: 'string', maxLength: 2000 } as const;
const fieldIds = { type: 'array', maxItems: 500, items: { type: 'string', maxLength: 200 } } as const;
/** Field id → value; which fields and values are allowed is the configuration's business. */
const values = { type: 'object', maxProperties: 1000 } as const;

export const objectParams = {
  type: 'object',
  required: ['object'],
  properties: { object: objectId },
} as const;

export const recordParams = {
  type: 'object',
  required: ['object', 'id'],
  properties: { object: objectId, id: recordId },
} as const;

export const relatedParams = {
  type: 'object',
  required: ['object', 'id', 'relatedObject'],
  properties: { object: objectId, id: recordId, relatedObject: objectId },
} as const;

/** REST list query: `sort` and `fields` are comma lists, parsed by the route (http/rest/record-request.ts). */
export const listRecordsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    filter,
    sort: { type: 'string', maxLength: 1000 },
    fields: { type: 'string', maxLength: 10_000 },
    pageSize: { type: 'integer' },
    cursor,
    includeDeleted: { type: 'boolean' },
    withTotal: { type: 'boolean' },
  },
} as const;

export const relatedQuery = {
  ...listRecordsQuery,
  properties: { ...listRecordsQuery.properties, field: { type: 'string', maxLength: 200 } },
} as const;

export const getRecordQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { fields: listRecordsQuery.properties.fields, includeDeleted: { type: 'boolean' } },
} as const;

export const searchQuery = {
  type: 'object',
  required: ['q'],
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 1000 }, objects: { type: 'string', maxLength: 10_000 }, limit: { type: 'integer' } },
} as const;

/** The body of a create or a PATCH: the record's field values themselves. */
export const recordValuesBody = values;

export const aggregateBody = {
  type: 'object',
  required: ['groupBy', 'measures'],
  additionalProperties: false,
  properties: {
    filter,
    groupBy: { type: 'array', items: { type: 'string', maxLength: 200 } },
    measures: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        required: ['fn'],
        additionalProperties: false,
        properties: { fn: { type: 'string', maxLength: 20 }, field: { type: 'string', maxLength: 200 } },
      },
    },
    includeDeleted: { type: 'boolean' },
  },
} as const;

/** tRPC inputs: the operations' inputs as they are (sort as a list, `values` wrapped). */
const sortList = {
  type: 'array',
  items: { type: 'object', required: ['field'], additionalProperties: false, properties: { field: { type: 'string', maxLength: 200 }, direction: { type: 'string' } } },
} as const;

const listOptions = {
  filter,
  sort: sortList,
  fields: fieldIds,
  pageSize: { type: 'integer' },
  cursor,
  includeDeleted: { type: 'boolean' },
  withTotal: { type: 'boolean' },
} as const;

export const listRecordsInput = {
  type: 'object',
  required: ['object'],
  additionalProperties: false,
  properties: { object: objectId, ...listOptions },
} as const;

export const getRecordInput = {
  type: 'object',
  required: ['object', 'id'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId, fields: fieldIds, includeDeleted: { type: 'boolean' } },
} as const;

export const listRelatedInput = {
  type: 'object',
  required: ['object', 'id', 'relatedObject'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId, relatedObject: objectId, field: { type: 'string', maxLength: 200 }, ...listOptions },
} as const;

export const searchRecordsInput = {
  type: 'object',
  required: ['q'],
  additionalProperties: false,
  properties: { q: { type: 'string', maxLength: 1000 }, objects: { type: 'array', maxItems: 500, items: objectId }, limit: { type: 'integer' } },
} as const;

export const aggregateRecordsInput = {
  ...aggregateBody,
  required: ['object', ...aggregateBody.required],
  properties: { object: objectId, ...aggregateBody.properties },
} as const;

export const recordInput = { ...recordParams, additionalProperties: false } as const;

export const createRecordInput = {
  type: 'object',
  required: ['object', 'values'],
  additionalProperties: false,
  properties: { object: objectId, values },
} as const;

export const updateRecordInput = {
  type: 'object',
  required: ['object', 'id', 'rowVersion', 'values'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId, rowVersion: { type: 'integer' }, values },
} as const;

export const deleteRecordInput = {
  type: 'object',
  required: ['object', 'id'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId, rowVersion: { type: 'integer' } },
} as const;

export const bulkUpdateInput = {
  type: 'object',
  required: ['object', 'filter', 'values'],
  additionalProperties: false,
  properties: { object: objectId, filter, values, batchSize: { type: 'integer' } },
} as const;

/** The body of POST /records/{object}/{id}/transfer: the new owner and/or org unit, as ids (the operation checks them: 422 at /owner, /orgUnit). */
export const transferBody = {
  type: 'object',
  additionalProperties: false,
  properties: { owner: { type: 'string', maxLength: 200 }, orgUnit: { type: 'string', maxLength: 200 } },
} as const;

export const transferRecordInput = {
  type: 'object',
  required: ['object', 'id', 'rowVersion'],
  additionalProperties: false,
  properties: { object: objectId, id: recordId, rowVersion: { type: 'integer' }, ...transferBody.properties },
} as const;
