import type { FastifyInstance } from 'fastify';
import { cliActor, createServer, PROCESS_TIMER_JOB, publish, seedDemo, type DemoLogin } from '@mainline/api';
import { openTestDatabase, sqlText, type TestDatabase } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate, type TemplateId } from '@mainline/templates';
import { bearerClient, type BearerClient } from './records-api.ts';

// A server on a fresh test database as `pnpm start` sets it up: a template published to the whole
// organisation, the demo organisation (company → hq, east, south) and one demo user per role
// (seedDemo, the `--demo` path), each signed in once to make an API token. Its own job worker
// runs the process timers, as in production.

export interface DemoApi {
  database: TestDatabase;
  app: FastifyInstance;
  /** The demo users by username, as seedDemo placed them (`roles` as `role@unit`). */
  logins: Map<string, DemoLogin>;
  /** The REST client of a demo user (`account-executive`, `sales-manager`, `admin`, …). */
  as(username: string): BearerClient['request'];
  /** The id of a demo user. */
  userId(username: string): Promise<string>;
  /** The id of a demo org unit by code (`company`, `hq`, `east`, `south`). */
  unitId(code: string): Promise<string>;
  close(): Promise<void>;
}

export async function openDemoApi(template: TemplateId = 'complex-sales', change: (pkg: ConfigPackage) => void = () => {}): Promise<DemoApi> {
  const database = await openTestDatabase();
  const app = await createServer({ database, logger: false });
  const cli = { database, actor: cliActor('demo') };
  const pkg = loadTemplate(template);
  change(pkg);
  await publish(cli, { package: pkg, message: `demo: ${template} template` });
  const password = 'demo';
  const seeded = await seedDemo(cli, pkg, { password });
  const logins = new Map(seeded.map((login) => [login.username, login]));
  const clients = new Map<string, BearerClient['request']>();
  for (const login of seeded) clients.set(login.username, (await bearerClient(app, login.username, password, 'process scenario')).request);

  const one = async (query: string, param: string, what: string) => {
    const [row] = await database.rows<{ id: string }>(sqlText(query, [param]));
    if (!row) throw new Error(`no ${what}`);
    return row.id;
  };
  return {
    database,
    app,
    logins,
    as(username) {
      const client = clients.get(username);
      if (!client) throw new Error(`no demo user ${username} (${[...clients.keys()].join(', ')})`);
      return client;
    },
    userId: (username) => one('SELECT id::text AS id FROM users WHERE username = $1', username, `user ${username}`),
    unitId: (code) => one('SELECT id::text AS id FROM org_units WHERE code = $1', code, `org unit ${code}`),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * Lets time pass for the process timers of one instance: its pending timer jobs due within `within`
 * (a PostgreSQL interval, `'2 days 1 minute'`) are made due now, and the server's own job worker
 * fires them (a timer fires in the transaction that takes its job). Waits until none of them is
 * running or due any more, and answers each job's status (`done`; `pending` again after a failed
 * attempt). Nothing sleeps for the real duration; the engine's clock is the real one, so a task
 * completed afterwards is judged against its real due time.
 */
export async function fireTimersDueWithin(database: TestDatabase, instanceId: string, within: string): Promise<string[]> {
  const ofInstance = `type = '${PROCESS_TIMER_JOB}' AND payload->>'instanceId' = $1`;
  const made = await database.rows<{ id: string }>(
    sqlText(`UPDATE jobs SET run_at = now() WHERE ${ofInstance} AND status = 'pending' AND run_at <= now() + $2::interval RETURNING id::text AS id`, [instanceId, within]),
  );
  const ids = made.map((m) => m.id);
  for (let i = 0; i < 400; i++) {
    const [left] = await database.rows<{ n: number }>(
      sqlText(`SELECT count(*)::int AS n FROM jobs WHERE id::text = ANY($1::text[]) AND (status = 'running' OR (status = 'pending' AND run_at <= now()))`, [ids]),
    );
    if (left!.n === 0) {
      const rows = await database.rows<{ status: string }>(sqlText('SELECT status FROM jobs WHERE id::text = ANY($1::text[]) ORDER BY status', [ids]));
      return rows.map((r) => r.status);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timer jobs of instance ${instanceId} still not fired after 10 s`);
}
