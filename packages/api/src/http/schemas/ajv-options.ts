import type { Options } from 'ajv';

/**
 * One ajv configuration for REST (Fastify) and tRPC. Unlike Fastify's default, unknown properties
 * are reported rather than silently removed, and every problem of a request is reported at once.
 */
export const ajvOptions = {
  allErrors: true,
  removeAdditional: false,
  useDefaults: true,
  coerceTypes: 'array',
  allowUnionTypes: true,
} satisfies Options;
