import type { BusinessObject } from '@mainline/model';
import { labelDescription } from './labels.ts';
import { jsonResponse, ref, type OpenApiObject } from './openapi-types.ts';
import { fieldsParameter, relatedFieldParameter } from './parameters.ts';
import { problemRefs } from './problem-schema.ts';
import type { ObjectSchemaNames } from './record-schemas.ts';
import { writeSecurity } from './security.ts';

const listParameters = ['filter', 'sort', 'pageSize', 'cursor', 'includeDeleted', 'withTotal'].map((name) => ref('parameters', name));
const etag = { ETag: { description: 'The record\'s row version, `"<rowVersion>"`: send it back as `If-Match` to change or delete the record.', schema: { type: 'string' } } };
const withEtag = (response: OpenApiObject): OpenApiObject => ({ ...response, headers: { ...(response.headers as OpenApiObject | undefined), ...etag } });
const jsonBody = (schema: OpenApiObject): OpenApiObject => ({ required: true, content: { 'application/json': { schema } } });

/**
 * The records paths of one object (issue 4 §5), concrete per object so each carries its typed
 * schemas: `/records/account`, `/records/account/{id}`, …, and one related list per object that
 * references it (`/records/account/{id}/related/contact`).
 */
export function recordPaths(object: BusinessObject, names: ObjectSchemaNames, referencing: readonly { object: BusinessObject; names: ObjectSchemaNames }[]): Record<string, OpenApiObject> {
  const base = `/records/${object.id}`;
  const label = labelDescription(object.label);
  const tags = [object.id];
  const record = ref('schemas', names.record);
  const op = (verb: string) => `${verb}${names.record}`;
  const paths: Record<string, OpenApiObject> = {
    [base]: {
      get: {
        operationId: op('list'),
        tags,
        summary: `List ${label} records`,
        parameters: [...listParameters, fieldsParameter(object)],
        responses: { '200': jsonResponse('A page of records.', ref('schemas', names.list)), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict', 'Unprocessable') },
      },
      post: {
        operationId: op('create'),
        tags,
        summary: `Create a ${label} record`,
        security: writeSecurity,
        requestBody: jsonBody(ref('schemas', names.create)),
        responses: {
          '201': { ...jsonResponse('The record as stored.', record), headers: { Location: { description: 'The new record\'s URL.', schema: { type: 'string' } }, ...etag } },
          ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict', 'Unprocessable'),
        },
      },
    },
    [`${base}/aggregate`]: {
      post: {
        operationId: op('aggregate'),
        tags,
        summary: `Count, sum, average, minimum and maximum of ${label} records, grouped by up to two fields`,
        description: 'For reports. A POST for its body, though it changes nothing (cookie sessions send `X-CSRF-Token` as on any POST).',
        security: writeSecurity,
        requestBody: jsonBody(ref('schemas', 'AggregateRequest')),
        responses: { '200': jsonResponse('The groups, ordered by their keys.', ref('schemas', 'AggregateResult')), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unprocessable') },
      },
    },
    [`${base}/{id}`]: {
      parameters: [ref('parameters', 'id')],
      get: {
        operationId: op('get'),
        tags,
        summary: `Read a ${label} record`,
        parameters: [fieldsParameter(object), ref('parameters', 'includeDeleted')],
        responses: { '200': withEtag(jsonResponse('The record.', record)), ...problemRefs('Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unprocessable') },
      },
      patch: {
        operationId: op('update'),
        tags,
        summary: `Change a ${label} record`,
        description: 'Only the fields sent change. `If-Match` carries the `rowVersion` read; a record changed since is refused with 409.',
        security: writeSecurity,
        parameters: [ref('parameters', 'ifMatch')],
        requestBody: jsonBody(ref('schemas', names.update)),
        responses: { '200': withEtag(jsonResponse('The record as stored.', record)), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'PreconditionRequired', 'Unprocessable') },
      },
      delete: {
        operationId: op('delete'),
        tags,
        summary: `Delete a ${label} record (soft: it can be restored)`,
        description: 'Refused with 409 `records.delete-restricted` while other records still refer to it through a restricting reference.',
        security: writeSecurity,
        parameters: [ref('parameters', 'ifMatchOptional')],
        responses: { '200': withEtag(jsonResponse('The deleted record, with `deletedAt`.', record)), ...problemRefs('Unauthorized', 'Forbidden', 'NotFound', 'Conflict') },
      },
    },
    [`${base}/{id}/restore`]: {
      parameters: [ref('parameters', 'id')],
      post: {
        operationId: op('restore'),
        tags,
        summary: `Restore a deleted ${label} record`,
        security: writeSecurity,
        responses: { '200': withEtag(jsonResponse('The restored record.', record)), ...problemRefs('Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unprocessable') },
      },
    },
    [`${base}/{id}/transfer`]: {
      parameters: [ref('parameters', 'id')],
      post: {
        operationId: op('transfer'),
        tags,
        summary: `Give a ${label} record to another owner and/or org unit`,
        description:
          'The only way to change `owner` and `orgUnit` (create sets them from the caller; updates and imports refuse them). Needs the `transfer` grant, whose rules must allow the record as it is; the new owner must be an active user, the new unit not retired (422 at `/owner`, `/orgUnit`). `If-Match` carries the `rowVersion` read.',
        security: writeSecurity,
        parameters: [ref('parameters', 'ifMatch')],
        requestBody: jsonBody(ref('schemas', 'TransferRequest')),
        responses: { '200': withEtag(jsonResponse('The record as stored.', record)), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'PreconditionRequired', 'Unprocessable') },
      },
    },
    [`${base}/{id}/history`]: {
      parameters: [ref('parameters', 'id')],
      get: {
        operationId: op('history'),
        tags,
        summary: `The change history of a ${label} record`,
        responses: { '200': jsonResponse('Every audited change, newest first.', ref('schemas', 'History')), ...problemRefs('Unauthorized', 'Forbidden', 'NotFound', 'Conflict') },
      },
    },
  };
  for (const related of referencing) {
    paths[`${base}/{id}/related/${related.object.id}`] = {
      parameters: [ref('parameters', 'id')],
      get: {
        operationId: `list${names.record}Related${related.names.record}`,
        tags,
        summary: `${labelDescription(related.object.pluralLabel ?? related.object.label)} records that reference this ${label} record`,
        parameters: [relatedFieldParameter(related.object, object.id), ...listParameters, fieldsParameter(related.object)],
        responses: { '200': jsonResponse('A page of related records.', ref('schemas', related.names.list)), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unprocessable') },
      },
    };
  }
  return paths;
}
