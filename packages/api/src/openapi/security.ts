import type { OpenApiObject } from './openapi-types.ts';

/** components.securitySchemes: the session cookie, its CSRF header for writes, and API tokens (see docs/api-auth.md). */
export const securitySchemes: OpenApiObject = {
  session: {
    type: 'apiKey',
    in: 'cookie',
    name: 'mainline_session',
    description: 'The session cookie set by `POST /auth/login`. Writes (POST, PATCH, DELETE) also need the `csrf` header.',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: 'The session\'s CSRF token (from the login answer or the `mainline_csrf` cookie), on every cookie-authenticated write.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'ml_<prefix>_<secret>',
    description: 'An API token (`POST /auth/tokens`); needs no CSRF token.',
  },
};

/** Reads: a session or a token. */
export const readSecurity = [{ session: [] }, { bearer: [] }];

/** Writes: a session with its CSRF token, or a token. */
export const writeSecurity = [{ session: [], csrf: [] }, { bearer: [] }];
