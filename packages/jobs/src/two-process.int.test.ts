import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { enqueue } from './enqueue.ts';
import { waitFor } from './testing/wait-for.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const child = fileURLToPath(new URL('./testing/timer-child.ts', import.meta.url));
const TIMERS = 1_000;

interface ServerProcess {
  proc: ChildProcessWithoutNullStreams;
  output: () => string;
  ready: Promise<void>;
  exited: Promise<number | null>;
}

function startServer(url: string, workerId: string): ServerProcess {
  // node itself with tsx's loader, as in the publish kill test
  const proc = spawn(process.execPath, ['--import', 'tsx', child, url, workerId, '4'], { cwd: root });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready\n')) resolve();
    });
    proc.on('exit', () => reject(new Error(`${workerId} exited before it was ready:\n${output}`)));
  });
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output: () => output, ready, exited };
}

describe.runIf(testEngine() === 'postgres')('two server processes on one PostgreSQL (PostgreSQL only)', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    database = await openTestDatabase();
    await database.rows(sql`CREATE TABLE timer_effects (job_id uuid PRIMARY KEY, worker text NOT NULL)`);
    await database.rows(sql`CREATE TABLE timer_calls (job_id uuid NOT NULL, worker text NOT NULL)`);
  });
  afterAll(async () => {
    for (const server of servers) server.proc.kill('SIGKILL');
    await database?.close();
  });

  it(`fires each of ${TIMERS} due timers exactly once`, async () => {
    servers.push(startServer(database.url!, 'server-a'), startServer(database.url!, 'server-b'));
    await Promise.all(servers.map((s) => s.ready));
    // due together, 1 s from now, while both servers are polling
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < TIMERS; i++) await enqueue(tx, { type: 'two-process.timer', payload: { i }, delayMs: 1_000 + (i % 50) * 10 });
    });
    const count = async (query: ReturnType<typeof sql>) => (await database.rows<{ n: number }>(query))[0]!.n;
    await waitFor(`${TIMERS} effects`, async () => (await count(sql`SELECT count(*)::int AS n FROM timer_effects`)) === TIMERS, 30_000);
    for (const server of servers) server.proc.stdin.write('stop\n');
    expect(await Promise.all(servers.map((s) => s.exited)), servers.map((s) => s.output()).join('\n')).toEqual([0, 0]);

    expect(await count(sql`SELECT count(*)::int AS n FROM timer_calls`)).toBe(TIMERS); // handler invocations, committed or not
    expect(await count(sql`SELECT count(DISTINCT job_id)::int AS n FROM timer_calls`)).toBe(TIMERS);
    expect(await count(sql`SELECT count(*)::int AS n FROM jobs WHERE status = 'done' AND attempts = 1`)).toBe(TIMERS);
    const perWorker = await database.rows<{ worker: string; n: number }>(sql`SELECT worker, count(*)::int AS n FROM timer_effects GROUP BY worker ORDER BY worker`);
    // both servers took a share: the timers were contended, not all run by whichever started first
    expect(perWorker.map((r) => r.worker)).toEqual(['server-a', 'server-b']);
  });
});
