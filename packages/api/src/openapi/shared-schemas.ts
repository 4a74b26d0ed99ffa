import type { JsonSchemaObject } from '@mainline/model';
import { handOverWorkBody } from '../http/schemas/access-schemas.ts';
import { loginBody } from '../http/schemas/auth-schemas.ts';
import { problemSchema } from './problem-schema.ts';
import { processSchemas } from './process-schemas.ts';

/** Schemas every document has, whatever the configuration. */
export const sharedSchemas: Record<string, JsonSchemaObject> = {
  Problem: problemSchema,
  ListTotal: {
    type: 'object',
    description: 'How many records match the filter: exact up to 100,000, estimated beyond (then `exact` is false).',
    required: ['count', 'exact'],
    properties: { count: { type: 'integer', minimum: 0 }, exact: { type: 'boolean' } },
  },
  ImportJob: {
    type: 'object',
    description: 'A CSV import running in the background: poll its `location` until `status` is `done` or `failed`.',
    required: ['id', 'object', 'status', 'progress', 'location'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      object: { type: 'string', description: 'The object imported into.' },
      status: { type: 'string', enum: ['queued', 'validating', 'importing', 'done', 'failed'] },
      progress: {
        type: 'object',
        required: ['rowsRead', 'rowsWritten', 'rowsFailed'],
        properties: { rowsRead: { type: 'integer', minimum: 0 }, rowsWritten: { type: 'integer', minimum: 0 }, rowsFailed: { type: 'integer', minimum: 0 } },
      },
      options: { type: ['object', 'null'], description: 'The key field, dry run, mapping and batch size it was started with.' },
      report: {
        type: ['object', 'null'],
        description: 'When finished: counts, and every bad row (the first 1,000) with its row number, column, field, code and message.',
        properties: {
          ok: { type: 'boolean' },
          dryRun: { type: 'boolean' },
          rowsRead: { type: 'integer' },
          created: { type: 'integer' },
          updated: { type: 'integer' },
          unchanged: { type: 'integer' },
          failed: { type: 'integer' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['row', 'column', 'field', 'code', 'message'],
              properties: { row: { type: 'integer' }, column: { type: ['string', 'null'] }, field: { type: ['string', 'null'] }, code: { type: 'string' }, message: { type: 'string' } },
            },
          },
          errorsTruncated: { type: 'boolean' },
          ignoredColumns: { type: 'array', items: { type: 'string' } },
        },
      },
      error: { type: ['string', 'null'], description: 'Why the job stopped, when it failed on something other than bad rows.' },
      createdAt: { type: 'string', format: 'date-time' },
      startedAt: { type: ['string', 'null'], format: 'date-time' },
      finishedAt: { type: ['string', 'null'], format: 'date-time' },
      location: { type: 'string', description: 'This job\'s URL.' },
    },
  },
  HistoryEntry: {
    type: 'object',
    description: 'One audited change of a record: who, when, in which configuration version, and each field before and after.',
    required: ['at', 'action', 'actorId', 'actor', 'versionId', 'changes'],
    properties: {
      at: { type: 'string', format: 'date-time' },
      action: { type: 'string', description: 'What happened.', examples: ['record.create', 'record.update', 'record.delete', 'record.restore'] },
      actorId: { type: ['string', 'null'], format: 'uuid', description: 'The user who made the change; null for the command line.' },
      actor: { type: ['string', 'null'], description: 'Their username.' },
      versionId: { type: ['integer', 'null'], description: 'The configuration version the change was made in.' },
      changes: {
        type: 'object',
        description: 'Per field id, its value before and after.',
        additionalProperties: { type: 'object', properties: { before: {}, after: {} } },
      },
    },
  },
  History: {
    type: 'array',
    description: 'The audit timeline of a record, newest first.',
    items: { $ref: '#/components/schemas/HistoryEntry' },
  },
  SearchResults: {
    type: 'array',
    description: 'Live records whose title or text fields match, best first, across the objects the caller may read.',
    items: {
      type: 'object',
      required: ['object', 'id', 'title', 'rank'],
      properties: {
        object: { type: 'string', description: 'The object id.' },
        id: { type: 'string', format: 'uuid' },
        title: { type: 'string', description: 'The value of the object\'s title field.' },
        rank: { type: 'number', description: 'Higher is a better match.' },
      },
    },
  },
  AggregateRequest: {
    type: 'object',
    required: ['groupBy', 'measures'],
    additionalProperties: false,
    properties: {
      filter: { type: 'string', maxLength: 4000, description: 'A CEL condition choosing the records, as in a list.' },
      groupBy: { type: 'array', maxItems: 2, items: { type: 'string' }, description: 'Zero, one or two field ids.' },
      measures: {
        type: 'array',
        items: {
          type: 'object',
          required: ['fn'],
          additionalProperties: false,
          properties: { fn: { type: 'string', enum: ['count', 'sum', 'avg', 'min', 'max'] }, field: { type: 'string', description: 'Needed for sum, avg, min and max; with count, counts the records where it has a value.' } },
        },
      },
      includeDeleted: { type: 'boolean', default: false },
    },
  },
  AggregateResult: {
    type: 'object',
    required: ['groups', 'truncated'],
    properties: {
      groups: {
        type: 'array',
        items: {
          type: 'object',
          required: ['key', 'values'],
          properties: {
            key: { type: 'object', description: 'The group\'s value of each groupBy field.' },
            values: { type: 'array', items: { type: ['number', 'string', 'null'] }, description: 'One value per measure, in the order asked.' },
          },
        },
      },
      truncated: { type: 'boolean', description: 'More than 1,000 groups: only the first came back.' },
    },
  },
  TransferRequest: {
    type: 'object',
    description: 'The new owner and/or org unit of a record, as ids (at least one).',
    additionalProperties: false,
    properties: {
      owner: { type: 'string', format: 'uuid', description: 'An active user.' },
      orgUnit: { type: 'string', format: 'uuid', description: 'An org unit that is not retired.' },
    },
  },
  HandoverRequest: handOverWorkBody as unknown as JsonSchemaObject,
  HandoverResult: {
    type: 'object',
    required: ['dryRun', 'handoverId', 'versionId', 'from', 'to', 'orgUnit', 'records', 'tasks'],
    properties: {
      dryRun: { type: 'boolean' },
      handoverId: { type: ['string', 'null'], format: 'uuid', description: 'In `details.handover` of every audit entry written; null on a dry run.' },
      versionId: { type: 'integer', description: 'The configuration version the handover ran in.' },
      from: { $ref: '#/components/schemas/UserRef' },
      to: { $ref: '#/components/schemas/UserRef' },
      orgUnit: { type: ['string', 'null'], format: 'uuid' },
      records: {
        type: 'object',
        required: ['total', 'byObject'],
        properties: {
          total: { type: 'integer', minimum: 0 },
          byObject: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'Records moved (or that would move) per object id.' },
        },
      },
      tasks: {
        type: 'object',
        description: "Open process tasks of `from` reassigned to `to`: on the records that move, and for an object handed over without a filter on every live record of it the caller may read.",
        required: ['total', 'byObject'],
        properties: {
          total: { type: 'integer', minimum: 0 },
          byObject: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 }, description: 'Tasks reassigned (or that would be) per object id.' },
        },
      },
    },
  },
  UserRef: {
    type: 'object',
    required: ['id', 'username'],
    properties: { id: { type: 'string', format: 'uuid' }, username: { type: 'string' } },
  },
  LoginRequest: loginBody as unknown as JsonSchemaObject,
  SignedInUser: {
    type: 'object',
    required: ['id', 'username', 'displayName', 'email', 'locale', 'permissions', 'mustChangePassword'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      username: { type: 'string' },
      displayName: { type: 'string' },
      email: { type: ['string', 'null'] },
      locale: { type: 'string', examples: ['en', 'zh-CN'] },
      permissions: { type: 'array', items: { type: 'string', enum: ['editDrafts', 'publish', 'manageUsers', 'admin'] } },
      mustChangePassword: { type: 'boolean' },
    },
  },
  LoginResponse: {
    type: 'object',
    required: ['user', 'csrfToken', 'expiresAt'],
    properties: {
      user: { $ref: '#/components/schemas/SignedInUser' },
      csrfToken: { type: 'string', description: 'Send as `X-CSRF-Token` on every cookie-authenticated write.' },
      expiresAt: { type: 'string', format: 'date-time' },
    },
  },
  ...processSchemas,
};
