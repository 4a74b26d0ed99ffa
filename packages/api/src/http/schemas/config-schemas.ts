import { dryRunQuery, uuid } from './schema-parts.ts';

// Structure only: the operations check meaning (validatePackage, live pilot units, versions that exist).

const versionId = { type: 'integer', minimum: 1, maximum: 2147483647 } as const;

/** Where a version goes: "organisation", or { units: [org unit ids] } for a pilot. */
const rolloutTo = {
  oneOf: [
    { type: 'string', const: 'organisation' },
    { type: 'object', required: ['units'], additionalProperties: false, properties: { units: { type: 'array', maxItems: 1000, items: uuid } } },
  ],
} as const;

const planProperties = {
  /** The configuration package; validatePackage checks it (422 config.package.invalid). */
  package: { type: 'object' },
  to: rolloutTo,
} as const;

export const planPublishBody = {
  type: 'object',
  required: ['package'],
  additionalProperties: false,
  properties: planProperties,
} as const;

export const publishBody = {
  type: 'object',
  required: ['package'],
  additionalProperties: false,
  properties: {
    ...planProperties,
    message: { type: 'string', maxLength: 2000 },
    expectedStateToken: { type: 'string', maxLength: 200 },
    indexBuilds: { type: 'string', enum: ['wait', 'background'] },
  },
} as const;

export const versionIdParams = {
  type: 'object',
  required: ['versionId'],
  properties: { versionId },
} as const;

/** /config/versions/{versionId}/diff/{base}: what versionId changed against base. */
export const diffVersionsParams = {
  type: 'object',
  required: ['versionId', 'base'],
  properties: { versionId, base: versionId },
} as const;

export const extendRolloutBody = {
  type: 'object',
  required: ['units'],
  additionalProperties: false,
  properties: { units: { type: 'array', maxItems: 1000, items: uuid } },
} as const;

export const purgeBody = {
  type: 'object',
  required: ['object'],
  additionalProperties: false,
  properties: {
    object: { type: 'string', minLength: 1, maxLength: 200 },
    field: { type: 'string', minLength: 1, maxLength: 200 },
    confirm: { type: 'boolean' },
  },
} as const;

/** tRPC inputs: the REST body plus what REST carries in the path and the query. */
export const getVersionInput = { ...versionIdParams, additionalProperties: false } as const;

export const diffVersionsInput = {
  type: 'object',
  required: ['to'],
  additionalProperties: false,
  properties: { from: versionId, to: versionId },
} as const;

export const extendRolloutInput = {
  ...extendRolloutBody,
  required: ['versionId', 'units'],
  properties: { ...extendRolloutBody.properties, versionId, ...dryRunQuery.properties },
} as const;

export const promoteRolloutInput = {
  type: 'object',
  required: ['versionId'],
  additionalProperties: false,
  properties: { versionId, ...dryRunQuery.properties },
} as const;

export const rollbackInput = dryRunQuery;
