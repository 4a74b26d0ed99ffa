import { uuid } from './schema-parts.ts';

export const createApiTokenBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    expiresAt: { type: ['string', 'null'], maxLength: 64, description: 'ISO 8601 date-time; no expiry when absent or null' },
    userId: uuid,
  },
} as const;

export const listApiTokensQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { userId: uuid },
} as const;

export const tokenIdParams = {
  type: 'object',
  required: ['id'],
  properties: { id: uuid },
} as const;

/** tRPC input of auth.tokens.revoke. */
export const revokeApiTokenInput = { ...tokenIdParams, additionalProperties: false } as const;
