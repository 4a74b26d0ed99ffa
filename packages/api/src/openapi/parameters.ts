import type { BusinessObject } from '@mainline/model';
import type { OpenApiObject } from './openapi-types.ts';

/** components.parameters shared by every object's paths. */
export const sharedParameters: Record<string, OpenApiObject> = {
  id: { name: 'id', in: 'path', required: true, description: 'The record id.', schema: { type: 'string', format: 'uuid' } },
  filter: {
    name: 'filter',
    in: 'query',
    description: 'A CEL condition over the object\'s fields (docs/expressions.md), e.g. `stage == "won" && amount > 1000`.',
    schema: { type: 'string', maxLength: 4000 },
  },
  sort: {
    name: 'sort',
    in: 'query',
    description: 'Comma-separated field ids, each descending with a leading `-`, e.g. `-closeDate,name`.',
    schema: { type: 'string', maxLength: 1000, examples: ['-closeDate,name'] },
  },
  pageSize: { name: 'pageSize', in: 'query', description: 'Records per page.', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
  cursor: { name: 'cursor', in: 'query', description: 'The `nextCursor` of the previous page.', schema: { type: 'string', maxLength: 2000 } },
  includeDeleted: { name: 'includeDeleted', in: 'query', description: 'Soft-deleted records too (they carry `deletedAt`).', schema: { type: 'boolean', default: false } },
  withTotal: {
    name: 'withTotal',
    in: 'query',
    description: 'Count the matching records (`total`). Default: on the first page, not on a page asked with `cursor` (the total of the first page still holds). Not counted → `total: null`.',
    schema: { type: 'boolean' },
  },
  ifMatch: {
    name: 'If-Match',
    in: 'header',
    required: true,
    description: 'The record\'s `ETag` (`"<rowVersion>"`, a bare number also does) as it was read; a record changed since then is refused with 409 `records.conflict`, a request without it with 428 `records.if-match-required`.',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]+"?$', examples: ['7'] },
  },
  ifMatchOptional: {
    name: 'If-Match',
    in: 'header',
    description: 'When given, the `rowVersion` of the record as it was read; a record changed since then is refused with 409 `records.conflict`.',
    schema: { type: 'string', pattern: '^(W/)?"?[0-9]+"?$', examples: ['7'] },
  },
  q: {
    name: 'q',
    in: 'query',
    required: true,
    description: 'Words to find in titles and text fields (web search syntax: "a phrase", -excluded, or).',
    schema: { type: 'string', minLength: 1, maxLength: 200 },
  },
  searchLimit: { name: 'limit', in: 'query', description: 'How many matches at most.', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
};

/** `objects=a,b`: which objects to search (default: every object). */
export function searchObjectsParameter(objects: readonly BusinessObject[]): OpenApiObject {
  return {
    name: 'objects',
    in: 'query',
    description: 'Comma-separated object ids to search; every object when left out.',
    style: 'form',
    explode: false,
    schema: { type: 'array', items: { type: 'string', enum: objects.map((o) => o.id) }, uniqueItems: true },
  };
}

/** `field=…` of a related list: which reference field of the related object links the two (needed when it has several). */
export function relatedFieldParameter(related: BusinessObject, parentId: string): OpenApiObject {
  const candidates = related.fields.filter((f) => f.type === 'reference' && f.target === parentId).map((f) => f.id);
  return {
    name: 'field',
    in: 'query',
    required: candidates.length > 1,
    description: `The reference field of ${related.id} that points at ${parentId}${candidates.length > 1 ? ' (it has several)' : ''}.`,
    schema: { type: 'string', enum: candidates },
  };
}

/** `fields=a,b`: which fields to return (`id` and `rowVersion` always come), typed per object. */
export function fieldsParameter(object: BusinessObject): OpenApiObject {
  return {
    name: 'fields',
    in: 'query',
    description: 'Comma-separated field ids to return; all fields when left out.',
    style: 'form',
    explode: false,
    schema: { type: 'array', items: { type: 'string', enum: object.fields.map((f) => f.id) }, uniqueItems: true },
  };
}
