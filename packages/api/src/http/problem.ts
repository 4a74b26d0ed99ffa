import { STATUS_CODES } from 'node:http';
import type { Problem } from '../errors.ts';
import { OperationError } from '../errors.ts';

export const problemContentType = 'application/problem+json; charset=utf-8';

/** An RFC 9457 problem document, with Mainline's stable `code` and per-pointer `errors`. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors: Problem[];
  /** Set on unexpected errors, to find the log entry. */
  requestId?: string;
  [extension: string]: unknown;
}

export function problemDocument(status: number, code: string, detail: string, errors: Problem[] = [], extensions: Record<string, unknown> = {}): ProblemDocument {
  return { ...extensions, type: `urn:mainline:problem:${code}`, title: STATUS_CODES[status] ?? 'Error', status, detail, code, errors };
}

export function problemOfOperationError(error: OperationError): ProblemDocument {
  return problemDocument(error.status, error.code, error.message, error.problems, error.details);
}

/** What the client sees of an error nobody expected: no message, no stack, just where to look in the log. */
export function internalProblem(requestId: string): ProblemDocument {
  return { ...problemDocument(500, 'internal', `Something went wrong on the server. The log has the details under request id ${requestId}.`), requestId };
}

/** Headers that go with a problem: Retry-After for rate limits, WWW-Authenticate for 401. */
export function problemHeaders(problem: ProblemDocument): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof problem.retryAfterSeconds === 'number') headers['retry-after'] = String(problem.retryAfterSeconds);
  if (problem.status === 401) headers['www-authenticate'] = 'Bearer realm="mainline"';
  return headers;
}

export function isOperationError(error: unknown): error is OperationError {
  return error instanceof OperationError;
}
