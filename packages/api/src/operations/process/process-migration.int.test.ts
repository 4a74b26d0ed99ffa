import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { auditLog, notifications, processEvents, processInstances, processTasks, testEngine } from '@mainline/db';
import { startWorker } from '@mainline/jobs';
import type { ConfigPackage, Node, Process } from '@mainline/model';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { publish } from '../config/publish.ts';
import { openReadFixture, type ReadFixture } from '../records/read-test-fixtures.ts';
import { updateRecord } from '../records/update-record.ts';
import { versionInForce } from '../records/lib/version-in-force.ts';
import { completeTask } from './complete-task.ts';
import { PROCESS_TIMER_JOB, processTimerHandler } from './lib/process-timers.ts';
import { migrateInstances, type MigrationReport } from './migrate-instances.ts';
import { at, name } from '../../testing/process-fixtures.ts';

const HOUR = 3600_000;

function task(id: string, escalations: { id: string; after: string; message: string }[] = []): Node {
  return {
    id,
    type: 'userTask',
    position: at,
    assignee: { type: 'user', user: 'field:owner' },
    outcomes: [{ id: 'done', label: name('Done') }],
    ...(escalations.length > 0
      ? { sla: { due: 'P1D', escalations: escalations.map((e) => ({ id: e.id, after: e.after, action: { type: 'notify' as const, recipients: { assignee: true }, message: name(e.message) } })) } }
      : {}),
  } as Node;
}

/** v1: start → fork → checkA, checkB (reminded after an hour) → join → wrap → end. */
const v1Process: Process = {
  id: 'accountReview',
  label: name('Account review'),
  object: 'account',
  triggers: [{ type: 'onUpdate', condition: 'industry == "retail"' }],
  nodes: [
    { id: 'start', type: 'start', position: at },
    { id: 'fork', type: 'parallelGateway', position: at },
    task('checkA'),
    task('checkB', [{ id: 'remind', after: 'PT1H', message: 'Reminder' }]),
    { id: 'join', type: 'parallelGateway', position: at },
    task('wrap'),
    { id: 'end', type: 'end', position: at },
  ],
  edges: [
    { id: 'e0', from: 'start', to: 'fork' },
    { id: 'fa', from: 'fork', to: 'checkA' },
    { id: 'fb', from: 'fork', to: 'checkB' },
    { id: 'aj', from: 'checkA', to: 'join' },
    { id: 'bj', from: 'checkB', to: 'join' },
    { id: 'j', from: 'join', to: 'wrap' },
    { id: 'e9', from: 'wrap', to: 'end' },
  ],
};

/** v2: checkB is renamed verifyB and gains a chase after two hours; wrap is replaced by close; the join's edges are renamed. */
const v2Process: Process = {
  ...v1Process,
  nodes: [
    { id: 'start', type: 'start', position: at },
    { id: 'fork', type: 'parallelGateway', position: at },
    task('checkA'),
    task('verifyB', [
      { id: 'remind', after: 'PT1H', message: 'Reminder' },
      { id: 'chase', after: 'PT2H', message: 'Chase' },
    ]),
    { id: 'join', type: 'parallelGateway', position: at },
    task('close'),
    { id: 'end', type: 'end', position: at },
  ],
  edges: [
    { id: 'e0', from: 'start', to: 'fork' },
    { id: 'fa', from: 'fork', to: 'checkA' },
    { id: 'fv', from: 'fork', to: 'verifyB' },
    { id: 'aJoin', from: 'checkA', to: 'join' },
    { id: 'vJoin', from: 'verifyB', to: 'join' },
    { id: 'j', from: 'join', to: 'close' },
    { id: 'e9', from: 'close', to: 'end' },
  ],
};

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; pointers: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperationError) return { status: error.status, code: error.code, pointers: (error.problems ?? []).map((p) => p.pointer) };
    throw error;
  }
  throw new Error('expected a refusal');
}

// Issue 6: instances stay on the version they started on until an admin migrates them; the move
// keeps open tasks, join arrivals and timers, and schedules timers the new version adds.
describe(`process instance migration (${testEngine()})`, () => {
  let f: ReadFixture;
  let v1: number;
  let v2: number;
  const instance: Record<string, string> = {};
  const record: Record<string, string> = {};

  const openTasks = async (instanceId: string) =>
    (await f.database.db.select().from(processTasks).where(and(eq(processTasks.instanceId, instanceId), eq(processTasks.status, 'open')))).sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  const complete = async (instanceId: string, node: string) => {
    const open = (await openTasks(instanceId)).find((t) => t.nodeId === node);
    if (!open) throw new Error(`no open ${node} task on ${instanceId}`);
    return completeTask(f.userCtx, { id: open.id, outcome: 'done' });
  };
  const instanceRow = async (id: string) => (await f.database.db.select().from(processInstances).where(eq(processInstances.id, id)))[0]!;
  const timerJobs = async (instanceId: string) =>
    f.database.rows<{ timer: string; runAt: number; status: string }>(sql`SELECT payload->>'timerId' AS timer, (extract(epoch FROM run_at) * 1000)::float8 AS "runAt", status FROM jobs WHERE type = ${PROCESS_TIMER_JOB} AND payload->>'instanceId' = ${instanceId} ORDER BY run_at`);
  const migrate = (input: Partial<Parameters<typeof migrateInstances>[1]>, ctx: OperationContext = f.ctx) => migrateInstances(ctx, { process: 'accountReview', from: v1, to: v2, ...input });

  beforeAll(async () => {
    f = await openReadFixture((pkg) => pkg.processes!.push(v1Process));
    v1 = (await versionInForce(f.ctx)).id;
    const owner = f.userCtx.actor.userId!;
    // three accounts enter the review: one a branch ahead (checkA done, its arrival held at the join), one untouched, one at wrap
    for (const key of ['ahead', 'fresh', 'atWrap']) {
      [record[key]] = (await f.insert('account', [{ name: `Account ${key}`, owner, rowVersion: 1 }])) as [string];
      await updateRecord(f.ctx, { object: 'account', id: record[key]!, rowVersion: 1, values: { industry: 'retail' } });
      const [row] = await f.database.db.select({ id: processInstances.id }).from(processInstances).where(eq(processInstances.recordId, record[key]!));
      instance[key] = row!.id;
    }
    await complete(instance.ahead!, 'checkA');
    await complete(instance.atWrap!, 'checkA');
    await complete(instance.atWrap!, 'checkB');
    // the studio publishes v2 of the package with the process changed
    const pkg = structuredClone((await versionInForce(f.ctx)).package) as ConfigPackage;
    pkg.processes = pkg.processes!.map((p) => (p.id === 'accountReview' ? v2Process : p));
    await publish(f.ctx, { package: pkg, message: 'review v2' });
    v2 = (await versionInForce(f.ctx)).id;
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('keeps running instances on the version they started on after a publish', async () => {
    expect(v2).toBe(v1 + 1);
    for (const key of ['ahead', 'fresh', 'atWrap']) expect((await instanceRow(instance[key]!)).versionId).toBe(v1);
    expect((await instanceRow(instance.ahead!)).state).toMatchObject({ joins: { join: { aj: 1 } } });
  });

  it('refuses a bad request with what and where, before touching an instance', async () => {
    expect(await refusal(migrate({ map: { nope: 'verifyB', checkB: 'gone' } }))).toEqual({ status: 422, code: 'process.migration.invalid', pointers: ['/map/nope', '/map/checkB'] });
    expect(await refusal(migrate({ to: v1 }))).toMatchObject({ status: 422, pointers: ['/to'] });
    expect(await refusal(migrate({ unmapped: 'restart' }))).toMatchObject({ status: 422, pointers: ['/restartAt'] });
    expect(await refusal(migrate({ process: 'noSuchProcess' }))).toMatchObject({ status: 422, pointers: ['/process', '/process'] });
    expect(await refusal(migrate({ to: 999 }))).toMatchObject({ status: 404, code: 'config.version-not-found' });
    expect(await refusal(migrate({}, f.userCtx))).toMatchObject({ status: 403, code: 'auth.forbidden' });
    for (const key of ['ahead', 'fresh', 'atWrap']) expect((await instanceRow(instance[key]!)).versionId).toBe(v1);
  });

  it('dry run: lists the instances per active node and what would happen to each, and changes nothing', async () => {
    const before = await f.database.rows(sql`SELECT id, version_id, state FROM process_instances ORDER BY id`);
    const report = await migrate({ map: { checkB: 'verifyB' }, dryRun: true });
    expect(report).toMatchObject({ dryRun: true, migrationId: null, instances: 3, outcome: { migrate: 2, keep: 1, cancel: 0, restart: 0 }, truncated: false });
    const byNode = Object.fromEntries(report.nodes.map((n) => [n.node, n]));
    expect(byNode).toMatchObject({
      checkA: { status: 'unchanged', target: 'checkA', instances: 1 },
      checkB: { status: 'mapped', target: 'verifyB', instances: 2 },
      join: { status: 'unchanged', instances: 1 },
      wrap: { status: 'missing', target: 'wrap', instances: 1 },
    });
    expect(report.lines.find((l) => l.id === instance.atWrap)).toMatchObject({ action: 'keep', nodes: ['wrap'], problems: [expect.stringContaining('no node "wrap"')] });
    expect(await f.database.rows(sql`SELECT id, version_id, state FROM process_instances ORDER BY id`)).toEqual(before);
  });

  let report: MigrationReport;
  it('migrates: the instances that map move with their tasks, the others restart at the chosen node', async () => {
    const aheadB = (await openTasks(instance.ahead!))[0]!;
    const progress: [number, number][] = [];
    report = await migrateInstances(f.ctx, { process: 'accountReview', from: v1, to: v2, map: { checkB: 'verifyB' }, unmapped: 'restart', restartAt: 'close' }, (done, total) => progress.push([done, total]));
    expect(report).toMatchObject({ dryRun: false, instances: 3, outcome: { migrate: 2, restart: 1, keep: 0, cancel: 0 } });
    expect(progress.at(-1)).toEqual([3, 3]);
    for (const key of ['ahead', 'fresh', 'atWrap']) expect((await instanceRow(instance[key]!)).versionId).toBe(v2);

    // the open task is the same task, now at verifyB of v2; its arrival at the join waits under the new edge
    const moved = await openTasks(instance.ahead!);
    expect(moved.map((t) => [t.id, t.nodeId, t.versionId])).toEqual([[aheadB.id, 'verifyB', v2]]);
    expect((await instanceRow(instance.ahead!)).state).toMatchObject({ joins: { join: { 'aJoin': 1 } } });
    expect((await openTasks(instance.fresh!)).map((t) => t.nodeId)).toEqual(['checkA', 'verifyB']);

    // restarted: its wrap task was cancelled as migrated, a close task is open on v2
    const wrapRows = await f.database.db.select().from(processTasks).where(eq(processTasks.instanceId, instance.atWrap!));
    expect(wrapRows.find((t) => t.nodeId === 'wrap')).toMatchObject({ status: 'cancelled', versionId: v1 });
    expect((await openTasks(instance.atWrap!)).map((t) => [t.nodeId, t.versionId])).toEqual([['close', v2]]);

    const migrated = await f.database.db.select().from(processEvents).where(eq(processEvents.type, 'instance.migrated'));
    expect(migrated).toHaveLength(3);
    expect(migrated.find((e) => e.instanceId === instance.atWrap)!.details).toMatchObject({ migration: report.migrationId, from: v1, to: v2, how: 'restarted', restartAt: 'close' });
    const [audit] = await f.database.db.select().from(auditLog).where(eq(auditLog.action, 'process.migrate'));
    expect(audit!.details).toMatchObject({ migration: report.migrationId, process: 'accountReview', outcome: { migrate: 2, restart: 1 } });
  });

  it('a branch that waited at the join completes the set on the new version: the join fires once', async () => {
    await complete(instance.ahead!, 'verifyB');
    expect((await openTasks(instance.ahead!)).map((t) => t.nodeId)).toEqual(['close']);
    expect((await instanceRow(instance.ahead!)).state).toMatchObject({ joins: {} });
    await complete(instance.ahead!, 'close');
    expect(await instanceRow(instance.ahead!)).toMatchObject({ status: 'completed' });
  });

  it('timers: the kept reminder keeps its due time, the chase the new version adds is due two hours after the task was created, and fires', async () => {
    const [verify] = (await openTasks(instance.fresh!)).filter((t) => t.nodeId === 'verifyB');
    const jobs = await timerJobs(instance.fresh!);
    expect(jobs.filter((j) => j.status === 'pending').map((j) => Math.round(j.runAt - verify!.createdAt.getTime()))).toEqual([HOUR, 2 * HOUR]);

    await f.database.rows(sql`UPDATE jobs SET run_at = now() WHERE type = ${PROCESS_TIMER_JOB} AND payload->>'instanceId' = ${instance.fresh!} AND status = 'pending'`);
    const worker = await startWorker(f.database, { handlers: { [PROCESS_TIMER_JOB]: processTimerHandler(f.database) }, pollMs: 10 });
    try {
      for (let i = 0; i < 500; i++) {
        const [due] = await f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs WHERE type = ${PROCESS_TIMER_JOB} AND payload->>'instanceId' = ${instance.fresh!} AND status IN ('pending', 'running')`);
        if (due!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await worker.stop();
    }
    const sent = await f.database.db.select().from(notifications).where(eq(notifications.instanceId, instance.fresh!));
    expect(sent.map((n) => (n.message as { en: string }).en).sort()).toEqual(['Chase', 'Reminder']);
    const escalated = await f.database.db.select().from(processEvents).where(and(eq(processEvents.instanceId, instance.fresh!), eq(processEvents.type, 'task.escalated')));
    expect(escalated.map((e) => [e.nodeId, (e.details as { escalation: string }).escalation]).sort()).toEqual([
      ['verifyB', 'chase'],
      ['verifyB', 'remind'],
    ]);
  });

  it('cancels, when asked, the instances that cannot move: their tasks are cancelled on their own version', async () => {
    // v3 drops "close": the instance restarted there cannot move; the one at checkA can
    const pkg = structuredClone((await versionInForce(f.ctx)).package) as ConfigPackage;
    const v3Process = { ...v2Process, nodes: v2Process.nodes.map((n) => (n.id === 'close' ? { ...n, id: 'finish' } : n)), edges: v2Process.edges.map((e) => ({ ...e, from: e.from === 'close' ? 'finish' : e.from, to: e.to === 'close' ? 'finish' : e.to })) };
    pkg.processes = pkg.processes!.map((p) => (p.id === 'accountReview' ? v3Process : p));
    await publish(f.ctx, { package: pkg, message: 'review v3' });
    const v3 = (await versionInForce(f.ctx)).id;
    const close = (await openTasks(instance.atWrap!))[0]!;
    const moved = await migrateInstances(f.ctx, { process: 'accountReview', from: v2, to: v3, unmapped: 'cancel' });
    expect(moved.outcome).toEqual({ migrate: 1, cancel: 1, restart: 0, keep: 0 });
    expect(await instanceRow(instance.atWrap!)).toMatchObject({ status: 'terminated', versionId: v2 });
    expect((await f.database.db.select().from(processTasks).where(eq(processTasks.id, close.id)))[0]).toMatchObject({ status: 'cancelled', nodeId: 'close', versionId: v2 });
    expect(await instanceRow(instance.fresh!)).toMatchObject({ status: 'running', versionId: v3 });
  });

  it('nothing is left on the old version: a second run finds no instance', async () => {
    expect(await migrate({ map: { checkB: 'verifyB' } })).toMatchObject({ instances: 0, outcome: { migrate: 0, keep: 0 }, nodes: [] });
  });
});
