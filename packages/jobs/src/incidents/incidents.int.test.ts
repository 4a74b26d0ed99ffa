import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '@mainline/db';
import { enqueue } from '../enqueue.ts';
import { waitFor } from '../testing/wait-for.ts';
import { startWorker } from '../worker/start-worker.ts';
import { dismissIncident } from './dismiss-incident.ts';
import { listIncidents } from './list-incidents.ts';
import { retryIncident } from './retry-incident.ts';

describe('incidents', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  const statusOf = async (id: string) => (await database.rows<{ status: string }>(sql`SELECT status FROM jobs WHERE id = ${id}`))[0]?.status;

  /** A job of `type` that failed its only attempt, and its incident. */
  async function failedJob(type: string) {
    const { job } = await enqueue(database.db, { type, maxAttempts: 1, payload: { to: 'https://example.test/hook' } });
    const worker = await startWorker(database, {
      pollMs: 50,
      handlers: {
        [type]: async () => {
          throw new Error('503 Service Unavailable');
        },
      },
    });
    await waitFor('the job to fail', async () => (await statusOf(job.id)) === 'failed');
    await worker.stop();
    const incident = (await listIncidents(database.db, { jobType: type }))[0]!;
    return { job, incident };
  }

  it('lists open incidents with the job, its type, the error and the attempts', async () => {
    const { job, incident } = await failedJob('incident.list');
    expect(incident).toMatchObject({ jobId: job.id, jobType: 'incident.list', attempts: 1, resolvedAt: null, resolution: null });
    expect(incident.error).toContain('503 Service Unavailable');
  });

  it('retries an incident: the job is queued again with fresh attempts and runs, the incident is resolved', async () => {
    const { job, incident } = await failedJob('incident.retry');
    await database.db.transaction((tx) => retryIncident(tx, incident.id, { attempts: 2 }));
    expect(await database.rows(sql`SELECT status, attempts, max_attempts FROM jobs WHERE id = ${job.id}`)).toEqual([{ status: 'pending', attempts: 0, max_attempts: 2 }]);
    const ran: number[] = [];
    const worker = await startWorker(database, { pollMs: 50, handlers: { 'incident.retry': async (j) => void ran.push(j.attempts) } });
    await waitFor('the retried job to be done', async () => (await statusOf(job.id)) === 'done');
    await worker.stop();
    expect(ran).toEqual([1]);
    expect(await listIncidents(database.db, { jobType: 'incident.retry' })).toEqual([]);
    const [resolved] = await listIncidents(database.db, { jobType: 'incident.retry', includeResolved: true });
    expect(resolved).toMatchObject({ id: incident.id, resolution: 'retried' });
    expect(resolved!.resolvedAt).toBeInstanceOf(Date);
  });

  it('dismisses an incident, leaving the job failed; a resolved incident cannot be resolved again', async () => {
    const { job, incident } = await failedJob('incident.dismiss');
    await dismissIncident(database.db, incident.id);
    expect(await statusOf(job.id)).toBe('failed');
    await expect(retryIncident(database.db, incident.id)).rejects.toMatchObject({ code: 'jobs.incident.resolved' });
    await expect(dismissIncident(database.db, '00000000-0000-0000-0000-000000000000')).rejects.toMatchObject({ code: 'jobs.incident.not-found' });
  });

  it('keeps an incident when its job is purged, and refuses to retry it', async () => {
    const { job, incident } = await failedJob('incident.purged');
    await database.rows(sql`DELETE FROM jobs WHERE id = ${job.id}`);
    const [kept] = await listIncidents(database.db, { jobType: 'incident.purged' });
    expect(kept).toMatchObject({ id: incident.id, jobId: null });
    await expect(retryIncident(database.db, incident.id)).rejects.toMatchObject({ code: 'jobs.incident.job-purged' });
  });
});
