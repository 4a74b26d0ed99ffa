import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobs, sqlText, testEngine, webhookDeliveries } from '@mainline/db';
import { olderThanDays } from './commands/purge-logs.ts';
import { cliHarness } from './testing/cli-harness.ts';

// `mainline jobs purge` and `mainline webhooks purge` as real processes (two), on a PGlite --data
// directory or a throw-away PostgreSQL database filled from the test process.
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe(`mainline jobs purge / webhooks purge (${testEngine()})`, () => {
  // the default retention periods are under test, not the machine's
  const cli = cliHarness({ prefix: 'mainline-purge-logs-', unset: ['MAINLINE_JOB_RETENTION_DAYS', 'MAINLINE_WEBHOOK_LOG_RETENTION_DAYS'] });
  const { mainline, use } = cli;

  beforeAll(async () => {
    await cli.open();
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
  afterAll(() => cli.close());

  it('purges finished jobs (default 7 days) and delivery attempts (--older-than), printing the counts', async () => {
    const jobsRun = mainline(['jobs', 'purge']);
    expect(jobsRun.stderr).toBe('');
    expect(jobsRun.stdout).toContain('Purged 1 finished job(s) older than 7 day(s).');
    const hooks = mainline(['webhooks', 'purge', '--older-than', '14d', '--json']);
    expect(JSON.parse(hooks.stdout)).toEqual({ ok: true, deleted: 2, days: 14 });
    const left = await use(async (database) => ({
      jobs: (await database.rows<{ type: string }>(sqlText('SELECT type FROM jobs ORDER BY type'))).map((r) => r.type),
      deliveries: (await database.rows<{ n: number }>(sqlText('SELECT count(*)::int AS n FROM webhook_deliveries')))[0]!.n,
    }));
    expect(left).toEqual({ jobs: ['test.done', 'test.failed'], deliveries: 0 });
    expect(mainline(['jobs', 'purge', '--older-than', 'soon']).code).toBe(2);
  }, 180_000); // three command-line processes: about 5 s each, 15 s and more on a loaded machine

  it('reads --older-than as days', () => {
    expect(olderThanDays('30d')).toBe(30);
    expect(olderThanDays('7')).toBe(7);
    expect(() => olderThanDays('0d')).toThrow('--older-than');
    expect(() => olderThanDays('12h')).toThrow('--older-than');
  });
});
