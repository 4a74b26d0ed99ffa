import type { BusinessObject } from '@mainline/model';
import { jsonResponse, ref, type OpenApiObject } from './openapi-types.ts';
import { searchObjectsParameter } from './parameters.ts';
import { problemRefs } from './problem-schema.ts';
import { writeSecurity } from './security.ts';

/** `GET /search?q=`: full-text search over titles and text fields of every object. */
export function searchPaths(objects: readonly BusinessObject[]): Record<string, OpenApiObject> {
  return {
    '/search': {
      get: {
        operationId: 'searchRecords',
        tags: ['search'],
        summary: 'Find records by words in their title and text fields',
        parameters: [ref('parameters', 'q'), searchObjectsParameter(objects), ref('parameters', 'searchLimit')],
        responses: { '200': jsonResponse('The matches, best first.', ref('schemas', 'SearchResults')), ...problemRefs('BadRequest', 'Unauthorized', 'Conflict', 'Unprocessable') },
      },
    },
  };
}

const csvBody = { required: true, content: { 'text/csv': { schema: { type: 'string', description: 'The CSV file: a header row, then one record per row (UTF-8, a BOM is allowed).' } } } };
const query = (name: string, description: string, schema: OpenApiObject): OpenApiObject => ({ name, in: 'query', description, schema });

/** CSV import as a background job and streamed CSV export of one object (docs/records.md, "CSV import and export"). */
export function importExportPaths(object: BusinessObject, tag: string): Record<string, OpenApiObject> {
  const base = `/records/${object.id}`;
  const op = (verb: string) => `${verb}${object.id.charAt(0).toUpperCase()}${object.id.slice(1)}`;
  return {
    [`${base}/imports`]: {
      post: {
        operationId: op('import'),
        tags: [tag],
        summary: 'Import records from CSV as a background job',
        description: 'Every row is checked as a create or update would be; nothing is written when any row is bad. Answers 202 with the job; poll `Location`.',
        security: writeSecurity,
        parameters: [
          query('key', 'Upsert by this field: rows whose key matches a record update it, others create one.', { type: 'string' }),
          query('dryRun', 'Check every row and report; write nothing.', { type: 'boolean', default: false }),
          query('mapping', 'JSON object of CSV header → field id, or "-" to ignore the column (default: headers are field ids or labels).', { type: 'string' }),
          query('batchSize', 'Rows per batch.', { type: 'integer', minimum: 1, maximum: 5000, default: 1000 }),
        ],
        requestBody: csvBody,
        responses: {
          '202': { ...jsonResponse('The job, queued.', ref('schemas', 'ImportJob')), headers: { Location: { description: 'The job\'s URL.', schema: { type: 'string' } } } },
          ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict', 'Unprocessable'),
        },
      },
    },
    [`${base}/export.csv`]: {
      get: {
        operationId: op('export'),
        tags: [tag],
        summary: 'Export the records a list query selects, as CSV (streamed)',
        parameters: [
          ref('parameters', 'filter'),
          ref('parameters', 'sort'),
          query('fields', 'Comma-separated field ids (default: all).', { type: 'string' }),
          query('labels', 'Header row: field ids, or labels in a language.', { type: 'string', enum: ['id', 'en', 'zh-CN'], default: 'id' }),
        ],
        responses: {
          '200': { description: 'The CSV file.', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'Conflict', 'Unprocessable'),
        },
      },
    },
  };
}

/** `GET /imports/{id}`: an import job's progress and, when finished, its report. */
export const importJobPaths: Record<string, OpenApiObject> = {
  '/imports/{id}': {
    get: {
      operationId: 'getImportJob',
      tags: ['imports'],
      summary: 'An import job: status, progress and report (visible to who started it and to admins)',
      parameters: [{ name: 'id', in: 'path', required: true, description: 'The job id (`id` of the 202 answer).', schema: { type: 'string', format: 'uuid' } }],
      responses: { '200': jsonResponse('The job.', ref('schemas', 'ImportJob')), ...problemRefs('Unauthorized', 'NotFound') },
    },
  },
};

/** `POST /access/handover`: the records of one user to another (an employee leaves or moves), with a dry run. */
export const handoverPaths: Record<string, OpenApiObject> = {
  '/access/handover': {
    post: {
      operationId: 'handOverWork',
      tags: ['access'],
      summary: 'Hand the records of one user over to another, in one transaction (or count them: `dryRun`)',
      description:
        'Moves the live records `from` owns — of `objects`, else of every object the caller may transfer; matching `filter`; within the caller\'s read and transfer rules — to `to` (and to `orgUnit` when given). The open tasks assigned to `from` go to `to` too: those on the records that move, and for an object handed over without a filter those on every live record of it the caller may read. One audit entry per record, one process event per task and one audit entry for the handover; nothing at all when anything fails. Needs the `transfer` grant on every object named (403 at `/objects/i` otherwise).',
      security: writeSecurity,
      requestBody: { required: true, content: { 'application/json': { schema: ref('schemas', 'HandoverRequest') } } },
      responses: { '200': jsonResponse('What moved (on a dry run: what would move), records and tasks per object.', ref('schemas', 'HandoverResult')), ...problemRefs('BadRequest', 'Unauthorized', 'Forbidden', 'NotFound', 'Conflict', 'Unprocessable') },
    },
  },
};

/** Sign-in and sign-out, for integrators using a session (docs/api-auth.md has the rest of /auth). */
export const authPaths: Record<string, OpenApiObject> = {
  '/auth/login': {
    post: {
      operationId: 'login',
      tags: ['auth'],
      summary: 'Sign in: opens a session and sets the `mainline_session` and `mainline_csrf` cookies',
      security: [],
      requestBody: { required: true, content: { 'application/json': { schema: ref('schemas', 'LoginRequest') } } },
      responses: {
        '200': { ...jsonResponse('Signed in.', ref('schemas', 'LoginResponse')), headers: { 'Set-Cookie': { description: 'The session and CSRF cookies.', schema: { type: 'string' } } } },
        ...problemRefs('BadRequest', 'Unauthorized', 'TooManyRequests'),
      },
    },
  },
  '/auth/logout': {
    post: {
      operationId: 'logout',
      tags: ['auth'],
      summary: 'Sign out: ends the session and clears the cookies (also without a session)',
      security: [{}, { session: [], csrf: [] }],
      responses: { '204': { description: 'Signed out.' }, ...problemRefs('Forbidden') },
    },
  },
};
