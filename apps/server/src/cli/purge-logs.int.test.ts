import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, openDatabase, openTestDatabase, sqlText, testEngine, webhookDeliveries, type Database, type TestDatabase } from '@mainline/db';
import { olderThanDays } from './commands/purge-logs.ts';

// `mainline jobs purge` and `mainline webhooks purge` as real processes (two), on a PGlite --data
// directory or a throw-away PostgreSQL database filled from the test process.
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe(`mainline jobs purge / webhooks purge (${testEngine()})`, () => {
  const work = mkdtempSync(join(tmpdir(), 'mainline-purge-logs-'));
  const dataDir = join(work, 'data');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LANG: 'C', USER: 'tester' };
  delete env.DATABASE_URL;
  delete env.MAINLINE_DATA;
  delete env.MAINLINE_JOB_RETENTION_DAYS;
  delete env.MAINLINE_WEBHOOK_LOG_RETENTION_DAYS;
  let postgres: TestDatabase | undefined;
  const mainline = (...args: string[]) => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', main, ...args, '--data', dataDir], { cwd: root, encoding: 'utf8', env });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const use = async <T>(work: (database: Database) => Promise<T>): Promise<T> => {
    if (postgres) return work(postgres);
    const database = await openDatabase({ dataDir });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  };

  beforeAll(async () => {
    if (testEngine() === 'postgres') {
      postgres = await openTestDatabase();
      env.DATABASE_URL = postgres.url;
    }
    await use(async (database) => {
      await database.db.insert(jobs).values([
        { type: 'test.done', status: 'done', finishedAt: daysAgo(10) },
        { type: 'test.done', status: 'done', finishedAt: daysAgo(3) },
        { type: 'test.failed', status: 'failed', finishedAt: daysAgo(10) },
      ]);
      const delivery = { jobId: '00000000-0000-4000-8000-000000000000', url: 'https://erp.example.com/hook', attempt: 1, result: 'delivered' as const, statusCode: 200, durationMs: 5 };
      await database.db.insert(webhookDeliveries).values([
        { ...delivery, deliveryId: 'a', at: daysAgo(45) },
        { ...delivery, deliveryId: 'b', at: daysAgo(20) },
      ]);
    });
  });
  afterAll(async () => {
    await postgres?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('purges finished jobs (default 7 days) and delivery attempts (--older-than), printing the counts', async () => {
    const jobsRun = mainline('jobs', 'purge');
    expect(jobsRun.stderr).toBe('');
    expect(jobsRun.stdout).toContain('Purged 1 finished job(s) older than 7 day(s).');
    const hooks = mainline('webhooks', 'purge', '--older-than', '14d', '--json');
    expect(JSON.parse(hooks.stdout)).toEqual({ ok: true, deleted: 2, days: 14 });
    const left = await use(async (database) => ({
      jobs: (await database.rows<{ type: string }>(sqlText('SELECT type FROM jobs ORDER BY type'))).map((r) => r.type),
      deliveries: (await database.rows<{ n: number }>(sqlText('SELECT count(*)::int AS n FROM webhook_deliveries')))[0]!.n,
    }));
    expect(left).toEqual({ jobs: ['test.done', 'test.failed'], deliveries: 0 });
    expect(mainline('jobs', 'purge', '--older-than', 'soon').code).toBe(2);
  }, 180_000); // three command-line processes: about 5 s each, 15 s and more on a loaded machine

  it('reads --older-than as days', () => {
    expect(olderThanDays('30d')).toBe(30);
    expect(olderThanDays('7')).toBe(7);
    expect(() => olderThanDays('0d')).toThrow('--older-than');
    expect(() => olderThanDays('12h')).toThrow('--older-than');
  });
});
