import type { BusinessObject } from '@mainline/model';
import { jsonResponse, ref, type OpenApiObject } from './openapi-types.ts';
import { searchObjectsParameter } from './parameters.ts';
import { problemRefs } from './problem-schema.ts';

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
