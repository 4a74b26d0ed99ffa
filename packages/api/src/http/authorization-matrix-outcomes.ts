import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { SignedIn } from '../testing/auth-fixtures.ts';

/**
 * What the authorization matrix expects of a request, as a class of answer:
 * - `ok`: 2xx (with `rows`: the answer shows at least one record), or the `passes` refusal that
 *   only comes after the access checks (the handler ran);
 * - `empty`: 2xx showing no record (`rows` is 0): allowed, but the caller sees nothing;
 * - `unauth`: 401 `auth.unauthenticated`;
 * - `forbidden`: 403 `auth.forbidden` (a platform permission is missing);
 * - `denied`: 403 `access.denied` (no business role grants the action);
 * - `hidden`: 403 `access.field-hidden` (a filter or list by a field hidden from the caller);
 * - `notFound`: 404 for what the caller may not see (not a missing route or object).
 * Anything else is reported as `<status> <code>` and matches no class.
 */
export const outcomes = ['ok', 'empty', 'unauth', 'forbidden', 'denied', 'hidden', 'notFound'] as const;
export type Outcome = (typeof outcomes)[number];

export interface Answer {
  status: number;
  /** The problem code of an error answer (REST problem+json `code`, tRPC `data.problem.code`). */
  code: string | null;
  /** The JSON of a success (tRPC: `result.data`), or the text when it is not JSON (CSV). */
  data: unknown;
}

export interface OutcomeRules {
  /** How many records a success shows: 0 makes it `empty`. */
  rows?: (data: unknown) => number;
  /** A refusal that only comes once the caller was let through: counts as `ok`. */
  passes?: { status: number; code: string };
}

/** 404s that say the route or the object does not exist: a broken request, never an access decision. */
const brokenRequest = new Set(['http.not-found', 'records.object-unknown']);

export function classify(answer: Answer, rules: OutcomeRules = {}): string {
  const { status, code } = answer;
  if (status >= 200 && status < 300) return rules.rows && rules.rows(answer.data) === 0 ? 'empty' : 'ok';
  if (rules.passes && status === rules.passes.status && code === rules.passes.code) return 'ok';
  if (status === 401 && code === 'auth.unauthenticated') return 'unauth';
  if (status === 403 && code === 'auth.forbidden') return 'forbidden';
  if (status === 403 && code === 'access.denied') return 'denied';
  if (status === 403 && code === 'access.field-hidden') return 'hidden';
  if (status === 404 && code !== null && !brokenRequest.has(code)) return 'notFound';
  return `${status} ${code ?? '(no code)'}`;
}

/** How many rows common answers show: a page of records, a list, an aggregate's count, CSV lines after the header. */
export const rowsOf = {
  page: (data: unknown) => (data as { records: unknown[] }).records.length,
  list: (data: unknown) => (data as unknown[]).length,
  count: (data: unknown) => Number((data as { groups: { values: unknown[] }[] }).groups[0]?.values[0] ?? 0),
  csv: (data: unknown) => String(data).split(/\r?\n/).filter((line) => line.trim() !== '').length - 1,
  bulk: (data: unknown) => (data as { total: number }).total,
};

function parse(response: LightMyRequestResponse): unknown {
  if (!String(response.headers['content-type'] ?? '').includes('json') || response.body === '') return response.body;
  return response.json();
}

export interface RestRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Send as this session instead of the caller's own (a fresh session, a twin user). */
  as?: SignedIn;
}

/** A REST request as a browser sends it: the session cookie, and X-CSRF-Token on unsafe methods. */
export async function sendRest(app: FastifyInstance, session: SignedIn | null, request: RestRequest): Promise<Answer> {
  const as = request.as ?? session;
  const headers: Record<string, string> = { ...request.headers };
  if (as && request.method !== 'GET' && request.method !== 'HEAD') headers['x-csrf-token'] = as.csrfToken;
  const options: InjectOptions = { method: request.method, url: request.url, headers, ...(as ? { cookies: as.cookies } : {}) };
  if (request.payload !== undefined) options.payload = typeof request.payload === 'string' ? request.payload : JSON.stringify(request.payload);
  if (request.payload !== undefined && typeof request.payload !== 'string') headers['content-type'] ??= 'application/json';
  const response = await app.inject(options);
  const data = parse(response);
  const failed = response.statusCode >= 400;
  return { status: response.statusCode, code: failed ? ((data as { code?: string } | null)?.code ?? null) : null, data };
}

export interface TrpcRequest {
  input?: unknown;
  as?: SignedIn;
}

/** A tRPC call as the apps make it: queries by GET, mutations by POST with X-CSRF-Token. */
export async function sendTrpc(app: FastifyInstance, session: SignedIn | null, path: string, type: 'query' | 'mutation', request: TrpcRequest): Promise<Answer> {
  const as = request.as ?? session;
  const cookies = as ? { cookies: as.cookies } : {};
  const response =
    type === 'query'
      ? await app.inject({ method: 'GET', url: `/trpc/${path}${request.input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(request.input))}`}`, ...cookies })
      : await app.inject({
          method: 'POST',
          url: `/trpc/${path}`,
          ...cookies,
          headers: { 'content-type': 'application/json', ...(as ? { 'x-csrf-token': as.csrfToken } : {}) },
          payload: request.input === undefined ? '' : JSON.stringify(request.input),
        });
  const body = response.json() as { result?: { data?: unknown }; error?: { data?: { problem?: { code?: string } } } };
  return { status: response.statusCode, code: body.error?.data?.problem?.code ?? null, data: body.result?.data };
}
