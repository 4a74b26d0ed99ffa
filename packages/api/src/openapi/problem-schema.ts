import { problemContentType } from '../http/problem.ts';
import { ref, type OpenApiObject } from './openapi-types.ts';

/**
 * The RFC 9457 problem document every error answers with — the shape of `ProblemDocument` in
 * http/problem.ts: a stable `code` and one `{ pointer, code, message }` per problem of the input.
 */
export const problemSchema: OpenApiObject = {
  type: 'object',
  description: 'An RFC 9457 problem document with Mainline\'s stable error code and the problems of the input, each at a JSON pointer.',
  required: ['type', 'title', 'status', 'detail', 'code', 'errors'],
  properties: {
    type: { type: 'string', description: '`urn:mainline:problem:<code>`.', examples: ['urn:mainline:problem:request.invalid'] },
    title: { type: 'string', description: 'The HTTP status text.' },
    status: { type: 'integer', description: 'The HTTP status code.' },
    detail: { type: 'string', description: 'What went wrong, in English.' },
    code: { type: 'string', description: 'A stable error code (see docs/), e.g. `records.conflict`.' },
    errors: {
      type: 'array',
      description: 'One entry per problem of the input, so a form can show each beside its field.',
      items: {
        type: 'object',
        required: ['pointer', 'code', 'message'],
        properties: {
          pointer: { type: 'string', description: 'JSON pointer into the request body (or the parameter), e.g. `/amount`.' },
          code: { type: 'string' },
          message: { type: 'string', description: 'In the caller\'s locale.' },
        },
      },
    },
    requestId: { type: 'string', description: 'Set on unexpected errors (500), to find the log entry.' },
    rowVersion: { type: 'integer', description: 'On 409 `records.conflict`: the record\'s current row version.' },
  },
  additionalProperties: true,
};

const problemStatuses = {
  BadRequest: [400, 'The request does not have the expected shape: `request.invalid` with a pointer per problem.'],
  Unauthorized: [401, 'Not signed in (`auth.unauthenticated`), or the token is unknown, expired or revoked.'],
  Forbidden: [403, 'Not allowed (`auth.forbidden`), or a cookie-authenticated write without `X-CSRF-Token` (`auth.csrf`).'],
  NotFound: [404, 'No such object or record.'],
  Conflict: [409, 'The record changed since it was read (stale `If-Match`), no configuration is published yet (`records.no-configuration`), or a task or process is not in a state that allows it (`process.*`: claimed or closed already, running already).'],
  PreconditionRequired: [428, 'A change without `If-Match` (`records.if-match-required`): send the record\'s ETag as read.'],
  Unprocessable: [422, 'The input breaks the configuration — a field value, a filter, a sort, a cursor, a page size: each problem at its pointer (`records.*` codes, docs/records.md).'],
  TooManyRequests: [429, 'Too many failed sign-ins (`auth.rate-limited`); the `Retry-After` header says how many seconds to wait.'],
} as const;

export type ProblemResponse = keyof typeof problemStatuses;

/** components.responses: one problem response per status. */
export function problemResponses(): OpenApiObject {
  return Object.fromEntries(
    Object.entries(problemStatuses).map(([name, [, description]]) => [name, { description, content: { [problemContentType.split(';')[0]!]: { schema: ref('schemas', 'Problem') } } }]),
  );
}

/** The `responses` entries of an operation for the problems it can answer with. */
export function problemRefs(...names: ProblemResponse[]): OpenApiObject {
  return Object.fromEntries(names.map((name) => [String(problemStatuses[name][0]), ref('responses', name)]));
}
