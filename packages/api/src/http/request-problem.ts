import type { FastifyError } from 'fastify';
import type { Problem } from '../errors.ts';
import { problemDocument, type ProblemDocument } from './problem.ts';

interface AjvErrorLike {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** JSON pointer of one ajv error: for a missing or unexpected property, the property itself. */
function pointerOf(error: AjvErrorLike): string {
  const property = error.params.missingProperty ?? error.params.additionalProperty;
  const escaped = typeof property === 'string' ? `/${property.replaceAll('~', '~0').replaceAll('/', '~1')}` : '';
  return `${error.instancePath}${escaped}`;
}

export function schemaProblems(errors: readonly AjvErrorLike[]): Problem[] {
  return errors.map((error) => ({
    pointer: pointerOf(error),
    code: `schema.${error.keyword}`,
    message: error.keyword === 'additionalProperties' ? 'Unknown property.' : (error.message ?? 'Invalid.'),
  }));
}

const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported-media-type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.empty-body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.invalid-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too-large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid-content-length',
};

/**
 * A problem for what Fastify itself refuses: failed schema validation (400 `request.invalid`,
 * one entry per problem), bad JSON, wrong content types. Null for anything that is not a 4xx.
 */
export function requestProblem(error: FastifyError): ProblemDocument | null {
  if (error.validation) {
    const where = error.validationContext ?? 'body';
    return problemDocument(400, 'request.invalid', `The request ${where} is not valid.`, schemaProblems(error.validation as AjvErrorLike[]), { in: where });
  }
  const status = error.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  if (error instanceof SyntaxError) return problemDocument(400, 'request.invalid-json', `The request body is not valid JSON: ${error.message}`);
  return problemDocument(status, fastifyCodes[error.code] ?? `http.${status}`, error.message);
}
