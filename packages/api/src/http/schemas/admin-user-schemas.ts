import { platformPermissions } from '@mainline/db';
import { uuid } from './schema-parts.ts';

// Structure only: the operations check meaning (unique usernames, live units, the password policy).
const permissions = { type: 'array', maxItems: 10, items: { type: 'string', enum: [...platformPermissions] } } as const;

export const listUsersQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    orgUnitId: uuid,
    includeBelow: { type: 'boolean' },
    includeDisabled: { type: 'boolean' },
    search: { type: 'string', maxLength: 200 },
    limit: { type: 'integer', minimum: 1, maximum: 500 },
    offset: { type: 'integer', minimum: 0 },
  },
} as const;

export const createUserBody = {
  type: 'object',
  required: ['username', 'displayName', 'orgUnitId', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', maxLength: 200 },
    displayName: { type: 'string', maxLength: 200 },
    email: { type: ['string', 'null'], maxLength: 320 },
    locale: { type: 'string', maxLength: 20 },
    orgUnitId: uuid,
    password: { type: 'string', maxLength: 1024 },
    mustChangePassword: { type: 'boolean' },
    permissions,
  },
} as const;

export const userIdParams = {
  type: 'object',
  required: ['userId'],
  properties: { userId: uuid },
} as const;

export const setPermissionsBody = {
  type: 'object',
  required: ['permissions'],
  additionalProperties: false,
  properties: { permissions },
} as const;

/** tRPC inputs: the REST body plus what REST carries in the path. */
export const userIdInput = { ...userIdParams, additionalProperties: false } as const;

export const setPermissionsInput = {
  ...setPermissionsBody,
  required: ['userId', 'permissions'],
  properties: { ...setPermissionsBody.properties, userId: uuid },
} as const;
