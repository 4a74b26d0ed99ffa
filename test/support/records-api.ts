import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { cliActor, createOrgUnit, createServer, createUser, generatePassword, publish } from '@mainline/api';
import { openTestDatabase, RECORD_SCHEMA, recordTableSql, sqlText, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { grantFullAccess, withFullAccessRole } from '../../packages/api/src/testing/access-fixtures.ts';

// The REST records API of a server on a fresh test database with the complex-sales template
// published, as an integrator sees it: a user who signed in through /auth/login once to create an
// API token, then calls with `Authorization: Bearer …` only (no cookie, no CSRF token).

export type Json = Record<string, unknown>;

export interface RecordsApi {
  database: TestDatabase;
  app: FastifyInstance;
  token: string;
  /** A request under /api/v1 with the bearer token; `payload` an object (sent as JSON), a string or a Buffer (sent as they are). */
  api(method: InjectOptions['method'], url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openRecordsApi(username = 'integrator'): Promise<RecordsApi> {
  const database = await openTestDatabase();
  const app = await createServer({ database, logger: false });
  const cli = { database, actor: cliActor('test') };
  await publish(cli, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
  const unit = await createOrgUnit(cli, { code: 'hq', name: { en: 'HQ', 'zh-CN': '总部' } });
  const password = generatePassword();
  const user = await createUser(cli, { username, displayName: username, orgUnitId: unit.id, password, mustChangePassword: false });
  await grantFullAccess(database, user.id); // the records API as such; access has its own tests

  const api = await bearerClient(app, username, password, 'records api tests');
  return {
    database,
    app,
    token: api.token,
    api: api.request,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * What "no row changed" compares: every record table (count and md5 of its rows as text, ordered
 * by id), the auto-number counters and the number of audit entries.
 */
export async function fingerprint(database: TestDatabase): Promise<Record<string, string>> {
  const tables = await database.rows<{ name: string }>(sqlText('select tablename as name from pg_tables where schemaname = $1 order by tablename', [RECORD_SCHEMA]));
  const prints: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await database.rows<{ n: number; h: string }>(
      sqlText(`select count(*)::int as n, md5(coalesce(string_agg(r::text, '|' order by r.id), '')) as h from ${recordTableSql(name)} r`),
    );
    prints[`${RECORD_SCHEMA}.${name}`] = `${row!.n} ${row!.h}`;
  }
  const [counters] = await database.rows<{ h: string }>(
    sqlText(`select md5(coalesce(string_agg(c::text, '|' order by c.object_id, c.field_id), '')) as h from record_counters c`),
  );
  prints.record_counters = counters!.h;
  const [audit] = await database.rows<{ n: number }>(sqlText('select count(*)::int as n from audit_log'));
  prints.audit_log = String(audit!.n);
  return prints;
}

/** An API client of one user: their API token and requests under /api/v1 with it. */
export interface BearerClient {
  token: string;
  /** A request under /api/v1 with the bearer token; `payload` an object (sent as JSON), a string or a Buffer (sent as they are). */
  request: RecordsApi['api'];
}

/**
 * Signs `username` in through /auth/login once, creates an API token with the session (as an
 * integrator would in the browser), and returns requests that carry only `Authorization: Bearer …`
 * (no cookie, no CSRF token).
 */
export async function bearerClient(app: FastifyInstance, username: string, password: string, tokenName = 'tests'): Promise<BearerClient> {
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (login.statusCode !== 200) throw new Error(`login of ${username} failed: ${login.statusCode} ${login.body}`);
  const session = login.cookies.find((c) => c.name === 'mainline_session')?.value ?? '';
  const csrfToken = (login.json() as { csrfToken: string }).csrfToken;
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/tokens',
    cookies: { mainline_session: session, mainline_csrf: csrfToken },
    headers: { 'x-csrf-token': csrfToken },
    payload: { name: tokenName },
  });
  if (created.statusCode !== 201) throw new Error(`token of ${username} not created: ${created.statusCode} ${created.body}`);
  const token = (created.json() as { token: string }).token;
  const request: RecordsApi['api'] = (method, url, payload, headers = {}) => {
    const raw = typeof payload === 'string' || Buffer.isBuffer(payload);
    return app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...(raw ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(payload === undefined ? {} : { payload: payload as Json }),
    });
  };
  return { token, request };
}
