// Building blocks shared by the request schemas.

export const uuidPattern = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export const uuid = { type: 'string', pattern: uuidPattern } as const;

/** A uuid, or null (for "none", such as a unit at the top of the tree). */
export const uuidOrNull = { type: ['string', 'null'], pattern: uuidPattern } as const;

/** `?dryRun=true`: check and report, change nothing. */
export const dryRunQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { dryRun: { type: 'boolean' } },
} as const;
