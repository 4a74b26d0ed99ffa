import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { auditLog, jobs, openTestDatabase, testEngine, webhookDeliveries, type TestDatabase } from '@mainline/db';
import { cliActor, type OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { retentionFromEnv, runRetention, startRetention } from './lib/retention.ts';
import { purgeJobsOlderThan } from './purge-jobs.ts';
import { purgeWebhookDeliveriesOlderThan } from './purge-webhook-deliveries.ts';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; pointers: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperationError) return { status: error.status, code: error.code, pointers: error.problems.map((p) => p.pointer) };
    throw error;
  }
  throw new Error('expected a refusal');
}

// Finished jobs and the webhook delivery log are purged after their retention (7 and 30 days by
// default): by the operations the command line runs, and by the server's daily hook.
describe(`retention: finished jobs and the webhook delivery log (${testEngine()})`, () => {
  let database: TestDatabase;
  let admin: OperationContext;

  /** Jobs of each status, finished `age` days ago (pending and running never finished), tagged by type. */
  const seedJobs = async (tag: string, age: number) => {
    await database.db.insert(jobs).values([
      { type: `${tag}.done`, status: 'done', finishedAt: daysAgo(age) },
      { type: `${tag}.cancelled`, status: 'cancelled', finishedAt: daysAgo(age) },
      { type: `${tag}.failed`, status: 'failed', finishedAt: daysAgo(age) },
      { type: `${tag}.pending`, status: 'pending', runAt: daysAgo(age) },
    ]);
  };
  const seedDeliveries = async (tag: string, age: number, n = 1) => {
    const rows = Array.from({ length: n }, (_, i) => ({ deliveryId: `${tag}-${i}`, jobId: '00000000-0000-4000-8000-000000000000', url: 'https://erp.example.com/hook', attempt: 1, result: 'delivered' as const, statusCode: 200, durationMs: 5, at: daysAgo(age) }));
    await database.db.insert(webhookDeliveries).values(rows);
  };
  const jobTypes = async (tag: string) => (await database.rows<{ type: string }>(sql`SELECT type FROM jobs WHERE type LIKE ${`${tag}.%`} ORDER BY type`)).map((r) => r.type.slice(tag.length + 1));
  const deliveries = async (tag: string) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM webhook_deliveries WHERE delivery_id LIKE ${`${tag}-%`}`))[0]!.n;

  beforeAll(async () => {
    database = await openTestDatabase();
    admin = { database, actor: cliActor('test') };
  });
  afterAll(() => database.close());

  it('purges jobs finished before the retention; failed, pending and recent jobs stay', async () => {
    await seedJobs('old', 10);
    await seedJobs('new', 2);
    expect(await purgeJobsOlderThan(admin, { days: 7 })).toEqual({ deleted: 2 });
    expect(await jobTypes('old')).toEqual(['failed', 'pending']);
    expect(await jobTypes('new')).toEqual(['cancelled', 'done', 'failed', 'pending']);
    expect(await purgeJobsOlderThan(admin, { days: 7 })).toEqual({ deleted: 0 });
    expect(await purgeJobsOlderThan(admin, { days: 1 })).toEqual({ deleted: 2 });
  });

  it('purges delivery attempts older than the retention', async () => {
    await seedDeliveries('old', 40, 25);
    await seedDeliveries('new', 5, 3);
    expect(await purgeWebhookDeliveriesOlderThan(admin, { days: 30 })).toEqual({ deleted: 25 });
    expect([await deliveries('old'), await deliveries('new')]).toEqual([0, 3]);
  });

  it('is for admins, with a whole number of days', async () => {
    const user: OperationContext = { database, actor: { userId: null, username: 'rep', permissions: [], via: 'session' } };
    expect(await refusal(purgeJobsOlderThan(user, { days: 7 }))).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect(await refusal(purgeWebhookDeliveriesOlderThan(user, { days: 30 }))).toMatchObject({ status: 403, code: 'auth.forbidden' });
    expect(await refusal(purgeJobsOlderThan(admin, { days: 0 }))).toEqual({ status: 422, code: 'retention.invalid', pointers: ['/days'] });
    expect(await refusal(purgeWebhookDeliveriesOlderThan(admin, { days: 1.5 }))).toEqual({ status: 422, code: 'retention.invalid', pointers: ['/days'] });
  });

  it('reads the retention from the environment: 7 and 30 days, audit kept forever, unless set', () => {
    expect(retentionFromEnv({})).toEqual({ jobsDays: 7, webhookDeliveriesDays: 30, auditDays: null });
    expect(retentionFromEnv({ MAINLINE_JOB_RETENTION_DAYS: '3', MAINLINE_WEBHOOK_LOG_RETENTION_DAYS: ' 90 ', MAINLINE_AUDIT_RETENTION_DAYS: '365' })).toEqual({ jobsDays: 3, webhookDeliveriesDays: 90, auditDays: 365 });
    expect(() => retentionFromEnv({ MAINLINE_WEBHOOK_LOG_RETENTION_DAYS: '30d' })).toThrow('MAINLINE_WEBHOOK_LOG_RETENTION_DAYS must be a whole number of days');
  });

  it("runs the server's purge: jobs, deliveries, and the record audit only when its retention is set", async () => {
    await seedJobs('daily', 8);
    await seedDeliveries('daily', 31, 2);
    await database.db.insert(auditLog).values([
      { action: 'record.update', objectId: 'account', at: daysAgo(400) },
      { action: 'record.update', objectId: 'account', at: daysAgo(10) },
    ]);
    const options = { jobsDays: 7, webhookDeliveriesDays: 30, auditDays: null };
    expect(await runRetention(database, options)).toEqual({ jobs: 2, webhookDeliveries: 2, audit: 0 });
    // the hook: once soon after start, reporting what it purged, stopped with the server
    await seedJobs('hook', 8);
    const purged = await new Promise((resolve, reject) => {
      const stop = startRetention(database, { ...options, auditDays: 365 }, { firstAfterMs: 0, onError: reject, onPurged: (report) => void stop().then(() => resolve(report)) });
    });
    expect(purged).toEqual({ jobs: 2, webhookDeliveries: 0, audit: 1 });
    expect(await jobTypes('hook')).toEqual(['failed', 'pending']);
  });
});
