import type { FastifyError } from 'fastify';
import { describe, expect, it } from 'vitest';
import { OperationError } from '../errors.ts';
import { problemHeaders, problemOfOperationError } from './problem.ts';
import { requestProblem } from './request-problem.ts';

function fastifyError(fields: Partial<FastifyError>): FastifyError {
  return Object.assign(new Error(fields.message ?? 'x'), fields) as FastifyError;
}

describe('problem documents', () => {
  it('turns an OperationError into RFC 9457 with code, errors and extension members', () => {
    const problem = problemOfOperationError(new OperationError(429, 'auth.rate-limited', 'Slow down.', [], { retryAfterSeconds: 30 }));
    expect(problem).toEqual({ type: 'urn:mainline:problem:auth.rate-limited', title: 'Too Many Requests', status: 429, detail: 'Slow down.', code: 'auth.rate-limited', errors: [], retryAfterSeconds: 30 });
    expect(problemHeaders(problem)).toEqual({ 'retry-after': '30' });
  });

  it('points schema errors at the property concerned, escaped as JSON pointer', () => {
    const problem = requestProblem(
      fastifyError({
        statusCode: 400,
        validationContext: 'body',
        validation: [
          { keyword: 'required', instancePath: '', schemaPath: '#/required', params: { missingProperty: 'password' }, message: "must have required property 'password'" },
          { keyword: 'additionalProperties', instancePath: '/a', schemaPath: '#', params: { additionalProperty: 'x/y' }, message: 'must NOT have additional properties' },
          { keyword: 'maxLength', instancePath: '/name', schemaPath: '#', params: { limit: 3 }, message: 'must NOT have more than 3 characters' },
        ],
      }),
    );
    expect(problem).toMatchObject({ status: 400, code: 'request.invalid', in: 'body' });
    expect(problem?.errors).toEqual([
      { pointer: '/password', code: 'schema.required', message: "must have required property 'password'" },
      { pointer: '/a/x~1y', code: 'schema.additionalProperties', message: 'Unknown property.' },
      { pointer: '/name', code: 'schema.maxLength', message: 'must NOT have more than 3 characters' },
    ]);
  });

  it('names what Fastify refuses, and leaves 5xx to the caller', () => {
    expect(requestProblem(fastifyError({ statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' }))?.code).toBe('request.unsupported-media-type');
    expect(requestProblem(fastifyError({ statusCode: 405, code: 'SOMETHING' }))?.code).toBe('http.405');
    expect(requestProblem(fastifyError({ statusCode: 500 }))).toBeNull();
    expect(requestProblem(fastifyError({}))).toBeNull();
  });
});
