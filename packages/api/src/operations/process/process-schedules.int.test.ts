import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { processInstances, testEngine } from '@mainline/db';
import { startWorker } from '@mainline/jobs';
import type { ConfigPackage, Process } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { withFullAccessRole } from '../../testing/access-fixtures.ts';
import { ownerCallProcess } from '../../testing/process-fixtures.ts';
import { publish } from '../config/publish.ts';
import { openReadFixture, type ReadFixture } from '../records/read-test-fixtures.ts';
import { ensureSchedules, nextOccurrence, PROCESS_SCHEDULE_JOB, processScheduleHandler } from './lib/process-schedules.ts';


/** A weekly call on every prospect: a scheduled trigger with a filter. */
const weeklyCall = (label: string): Process => ownerCallProcess('weeklyProspectCall', { type: 'scheduled', cron: '0 8 * * 1', filter: 'accountType == "prospect"' }, label);

describe(`scheduled process starts (${testEngine()})`, () => {
  let f: ReadFixture;
  let prospects: string[];

  const scheduleJobs = () => f.database.rows<{ status: string; versionId: number; dueAt: string }>(sql`SELECT status, (payload->>'versionId')::int AS "versionId", payload->>'dueAt' AS "dueAt" FROM jobs WHERE type = ${PROCESS_SCHEDULE_JOB} AND payload->>'processId' = 'weeklyProspectCall' ORDER BY created_at, id`);
  const instancesOn = async (id: string) => (await f.database.db.select().from(processInstances).where(and(eq(processInstances.recordId, id), eq(processInstances.processId, 'weeklyProspectCall')))).length;
  /** Makes the pending schedule jobs due and runs a worker until they are done. */
  const fire = async () => {
    await f.database.rows(sql`UPDATE jobs SET run_at = now() WHERE type = ${PROCESS_SCHEDULE_JOB} AND status = 'pending'`);
    const worker = await startWorker(f.database, { handlers: { [PROCESS_SCHEDULE_JOB]: processScheduleHandler(f.database) }, pollMs: 10 });
    try {
      for (let i = 0; i < 500; i++) {
        const [due] = await f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs WHERE type = ${PROCESS_SCHEDULE_JOB} AND status IN ('pending', 'running') AND run_at <= now()`);
        if (due!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await worker.stop();
    }
  };

  beforeAll(async () => {
    f = await openReadFixture((pkg) => pkg.processes!.push(weeklyCall('Weekly prospect call')));
    prospects = await f.insert('account', [
      { name: 'Prospect A', accountType: 'prospect', owner: f.userCtx.actor.userId },
      { name: 'Prospect B', accountType: 'prospect', owner: f.userCtx.actor.userId },
    ]);
    await f.insert('account', [{ name: 'Customer C', accountType: 'customer' }]);
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('computes the next occurrence of a five-field cron expression', () => {
    const monday = nextOccurrence('0 8 * * 1', new Date(2026, 10, 23, 9, 0)); // Monday 23 Nov 2026, 09:00 local
    expect([monday.getDay(), monday.getHours(), monday.getMinutes(), monday.getDate()]).toEqual([1, 8, 0, 30]);
  });

  it('schedules the next occurrence once, starts one instance per matching record, and schedules the one after', async () => {
    // this one and the template's own weekly stakeholder reminder
    expect(await ensureSchedules(f.database)).toBe(2);
    expect(await ensureSchedules(f.database)).toBe(0); // the occurrence is the job's key
    const [first] = await scheduleJobs();
    expect(new Date(first!.dueAt).getDay()).toBe(1);
    await fire();
    expect(await Promise.all(prospects.map(instancesOn))).toEqual([1, 1]);
    const [customer] = await f.database.rows<{ id: string }>(sql`SELECT id::text AS id FROM rec.account WHERE name = 'Customer C'`);
    expect(await instancesOn(customer!.id)).toBe(0);
    const jobs = await scheduleJobs();
    expect(jobs.map((j) => j.status)).toEqual(['done', 'pending']);
    expect(Date.parse(jobs[1]!.dueAt)).toBeGreaterThan(Date.parse(jobs[0]!.dueAt));
    // the next occurrence: the prospects' instances are still running, so none starts twice
    await fire();
    expect(await Promise.all(prospects.map(instancesOn))).toEqual([1, 1]);
  });

  it('leaves an occurrence of a replaced version alone: the new version schedules its own', async () => {
    const pkg = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
    pkg.processes!.push(weeklyCall('Weekly prospect call (v2)'));
    const published = await publish(f.ctx, { package: withFullAccessRole(pkg), message: 'renamed the weekly call' });
    const pendingBefore = (await scheduleJobs()).filter((j) => j.status === 'pending');
    expect(pendingBefore.map((j) => j.versionId)).not.toContain(published.versionId);
    expect(await ensureSchedules(f.database)).toBe(2);
    await f.database.rows(sql`UPDATE process_instances SET status = 'completed' WHERE process_id = 'weeklyProspectCall'`);
    // only the new version's occurrence starts anything: one new instance per prospect, not two
    await fire();
    expect(await Promise.all(prospects.map(instancesOn))).toEqual([2, 2]);
    const started = await f.database.db.select().from(processInstances).where(and(eq(processInstances.processId, 'weeklyProspectCall'), eq(processInstances.status, 'running')));
    expect(new Set(started.map((i) => i.versionId))).toEqual(new Set([published.versionId]));
  });
});
