import { dryRunQuery, uuid, uuidOrNull } from './schema-parts.ts';

// Structure only: the operations check meaning (codes, name lengths, live units, cycles, role ids).

const unitNames = {
  type: 'object',
  required: ['en'],
  additionalProperties: false,
  properties: { en: { type: 'string', maxLength: 1000 }, 'zh-CN': { type: 'string', maxLength: 1000 } },
} as const;

export const listOrgUnitsQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { rootId: uuid, includeRetired: { type: 'boolean' } },
} as const;

export const createOrgUnitBody = {
  type: 'object',
  required: ['code', 'name'],
  additionalProperties: false,
  properties: { code: { type: 'string', maxLength: 200 }, name: unitNames, parentId: uuidOrNull },
} as const;

export const unitIdParams = {
  type: 'object',
  required: ['unitId'],
  properties: { unitId: uuid },
} as const;

/** PATCH: `name` replaces the unit's names, `parentId` moves it (null: to the top); what is absent stays. */
export const updateOrgUnitBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { name: unitNames, parentId: uuidOrNull },
} as const;

/** The CSV file as JSON; it may also come as the body itself with Content-Type text/csv. */
export const importCsvBody = {
  type: 'object',
  required: ['csv'],
  additionalProperties: false,
  properties: { csv: { type: 'string' } },
} as const;

export const assignRoleBody = {
  type: 'object',
  required: ['userId', 'roleId', 'orgUnitId'],
  additionalProperties: false,
  properties: { userId: uuid, roleId: { type: 'string', minLength: 1, maxLength: 200 }, orgUnitId: uuid },
} as const;

export const assignmentIdParams = {
  type: 'object',
  required: ['assignmentId'],
  properties: { assignmentId: uuid },
} as const;

/** tRPC inputs: the REST body plus what REST carries in the path and the query. */
export const unitIdInput = { ...unitIdParams, additionalProperties: false } as const;

export const updateOrgUnitInput = {
  ...updateOrgUnitBody,
  minProperties: 2,
  required: ['unitId'],
  properties: { ...updateOrgUnitBody.properties, unitId: uuid },
} as const;

export const importCsvInput = {
  ...importCsvBody,
  properties: { ...importCsvBody.properties, ...dryRunQuery.properties },
} as const;

export const unassignRoleInput = {
  oneOf: [
    { type: 'object', required: ['assignmentId'], additionalProperties: false, properties: { assignmentId: uuid } },
    { ...assignRoleBody },
  ],
} as const;
