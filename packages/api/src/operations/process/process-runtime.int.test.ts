import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { notifications, processEvents, processTasks, recordTableSql, testEngine } from '@mainline/db';
import { startWorker } from '@mainline/jobs';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { assignRole } from '../org/assign-role.ts';
import { createOrgUnit } from '../org/create-org-unit.ts';
import { createUser } from '../org/create-user.ts';
import { createRecord } from '../records/create-record.ts';
import { getRecord } from '../records/get-record.ts';
import { openReadFixture, type ReadFixture } from '../records/read-test-fixtures.ts';
import { recordHistory } from '../records/record-history.ts';
import { updateRecord } from '../records/update-record.ts';
import { claimTask, unclaimTask } from './claim-task.ts';
import { completeTask } from './complete-task.ts';
import { delegateTask } from './delegate-task.ts';
import { PROCESS_TIMER_JOB, processTimerHandler } from './lib/process-timers.ts';
import { listIncidents } from './list-incidents.ts';
import { listTasks } from './list-tasks.ts';
import { recordProcesses } from './record-processes.ts';
import { retryIncident } from './retry-incident.ts';
import { startProcess } from './start-process.ts';
import { at, name } from '../../testing/process-fixtures.ts';


async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperationError) return { status: error.status, code: error.code };
    throw error;
  }
  throw new Error('expected a refusal');
}

// The complex-sales processes run by the records operations: a create starts them in its own
// transaction, tasks go to role holders near the record, completing a task moves the record on.
describe(`processes run on records (${testEngine()})`, () => {
  let f: ReadFixture;
  const units: Record<string, string> = {};
  const as: Record<string, OperationContext> = {};
  let accountId: string;

  const user = async (username: string, unit: string, roles: string[]) => {
    const created = await createUser(f.ctx, { username, displayName: username, orgUnitId: units[unit]!, password: 'correct horse battery 9' });
    for (const role of roles) await assignRole(f.ctx, { userId: created.id, roleId: role, orgUnitId: units[unit]! });
    as[username] = { database: f.database, actor: { userId: created.id, username, permissions: [], via: 'session', orgUnitId: units[unit]! } };
    return created.id;
  };
  const taskIds = async (who: string) => (await listTasks(as[who]!)).map((t) => t.id);
  const deal = (who: string, values: Record<string, unknown> = {}) =>
    createRecord(as[who]!, { object: 'opportunity', values: { name: `${who}'s deal`, account: accountId, amount: 1000, closeDate: '2030-01-01', ...values } });

  beforeAll(async () => {
    f = await openReadFixture((pkg) => {
      // a follow-up call when an account becomes a customer: reminded every hour, then a day's wait
      pkg.processes!.push({
        id: 'customerFollowUp',
        label: name('Customer follow-up'),
        object: 'account',
        triggers: [{ type: 'onUpdate', condition: 'accountType == "customer"' }, { type: 'manual', roles: ['salesManager'], condition: 'accountType == "prospect"' }],
        nodes: [
          { id: 'start', type: 'start', position: at },
          {
            id: 'call',
            type: 'userTask',
            position: at,
            assignee: { type: 'user', user: 'field:owner' },
            outcomes: [{ id: 'done', label: name('Called') }],
            // the phone number is what the call is about: nobody changes it while the call is open
            lockedFields: ['phone'],
            sla: { due: 'PT1H', escalations: [{ id: 'remind', after: 'PT1H', repeatEvery: 'PT1H', action: { type: 'notify', recipients: { assignee: true }, message: name('Call the new customer') } }] },
          },
          { id: 'wait', type: 'timer', position: at, duration: 'P1D' },
          { id: 'end', type: 'end', position: at },
        ],
        edges: [
          { id: 'toCall', from: 'start', to: 'call' },
          { id: 'toWait', from: 'call', to: 'wait', outcome: 'done' },
          { id: 'toEnd', from: 'wait', to: 'end' },
        ],
      });
      // a contact for the account's file, created by a step and given to whoever started it
      pkg.processes!.push({
        id: 'contactHandOff',
        label: name('Contact hand-off'),
        object: 'account',
        triggers: [{ type: 'manual', roles: ['salesManager'] }],
        nodes: [
          { id: 'start', type: 'start', position: at },
          {
            id: 'create',
            type: 'action',
            position: at,
            steps: [{ type: 'createRecord', object: 'contact', values: { fullName: '"Follow-up contact"', account: 'id', email: '"follow-up@example.com"', owner: 'user.id' } }],
          },
          { id: 'end', type: 'end', position: at },
        ],
        edges: [
          { id: 'toCreate', from: 'start', to: 'create' },
          { id: 'toEnd', from: 'create', to: 'end' },
        ],
      });
      // a check by the sales managers near the account, then by the account desk queue, each nudged after an hour
      const nudge = (id: string) => ({ due: 'PT2H', escalations: [{ id, after: 'PT1H', action: { type: 'notify' as const, recipients: { assignee: true }, message: name(`Nudge ${id}`) } }] });
      pkg.queues = [...(pkg.queues ?? []), { id: 'accountDesk', label: name('Account desk'), object: 'account', members: { roles: ['salesManager'] } }];
      pkg.processes!.push({
        id: 'managerCheck',
        label: name('Manager check'),
        object: 'account',
        triggers: [{ type: 'manual', roles: ['salesManager'] }],
        nodes: [
          { id: 'start', type: 'start', position: at },
          { id: 'check', type: 'userTask', position: at, assignee: { type: 'role', role: 'salesManager' }, outcomes: [{ id: 'done', label: name('Done') }], sla: nudge('check') },
          { id: 'desk', type: 'userTask', position: at, assignee: { type: 'queue', queue: 'accountDesk' }, outcomes: [{ id: 'done', label: name('Done') }], sla: nudge('desk') },
          { id: 'end', type: 'end', position: at },
        ],
        edges: [
          { id: 'toCheck', from: 'start', to: 'check' },
          { id: 'toDesk', from: 'check', to: 'desk' },
          { id: 'toEnd', from: 'desk', to: 'end' },
        ],
      });
    });
    units.hq = (await createOrgUnit(f.ctx, { code: 'hq', name: name('HQ') })).id;
    units.east = (await createOrgUnit(f.ctx, { code: 'east', name: name('East'), parentId: units.hq })).id;
    units.east1 = (await createOrgUnit(f.ctx, { code: 'east-1', name: name('East 1'), parentId: units.east })).id;
    units.west = (await createOrgUnit(f.ctx, { code: 'west', name: name('West'), parentId: units.hq })).id;
    await user('ann', 'east1', ['accountExecutive']);
    await user('bob', 'east1', ['accountExecutive']);
    await user('meg', 'east', ['salesManager']);
    await user('wes', 'west', ['salesManager']);
    await user('max', 'east', ['salesManager']);
    await user('admin', 'hq', []);
    as.admin!.actor = { ...as.admin!.actor, permissions: ['admin'] };
    [accountId] = (await f.insert('account', [{ name: 'Acme', accountType: 'customer', orgUnit: units.east1 }])) as [string];
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('starts a process on create, in the same transaction, and gives its first task to the nearest role holder', async () => {
    const created = await deal('ann');
    const [instance] = await recordProcesses(as.ann!, { object: 'opportunity', id: created.id as string });
    expect(instance).toMatchObject({ process: { id: 'opportunityPursuit' }, progress: { status: 'running', active: [{ node: 'goNoGo', waitsFor: 'task' }] } });
    // the go / no-go decision goes to sales managers: none in east-1, so the nearest above (east) — meg, not wes
    const [task] = await listTasks(as.meg!);
    expect(task).toMatchObject({ node: { id: 'goNoGo' }, recordId: created.id, candidateRole: 'salesManager', assigneeId: null });
    expect(await taskIds('wes')).toEqual([]);
    expect(await taskIds('ann')).toEqual([]);
    // someone who may not work on it does not find it
    expect(await refusal(completeTask(as.wes!, { id: task!.id, outcome: 'go' }))).toEqual({ status: 404, code: 'process.task-not-found' });
  });

  it('moves the record on when a task completes: the action updates it as "process", the next task goes to the owner', async () => {
    const created = await deal('bob');
    const [task] = (await listTasks(as.meg!)).filter((t) => t.recordId === created.id);
    expect(await refusal(completeTask(as.meg!, { id: task!.id, outcome: 'noGo' }))).toEqual({ status: 422, code: 'process.comment-required' });
    expect(await refusal(completeTask(as.meg!, { id: task!.id, outcome: 'maybe' }))).toEqual({ status: 422, code: 'process.outcome-unknown' });
    const claimed = await claimTask(as.meg!, { id: task!.id });
    expect(claimed.assigneeId).toBe(as.meg!.actor.userId);
    expect((await listTasks(as.meg!, { view: 'mine' })).map((t) => t.id)).toContain(task!.id);
    await completeTask(as.meg!, { id: task!.id, outcome: 'go' });
    const after = await getRecord(as.bob!, { object: 'opportunity', id: created.id as string });
    expect(after).toMatchObject({ stage: 'discovery', probability: 0.2 });
    const history = await recordHistory(as.bob!, { object: 'opportunity', id: created.id as string });
    expect(history[0]).toMatchObject({ actor: 'process', changes: { stage: { before: 'qualify', after: 'discovery' } } });
    const [discovery] = (await listTasks(as.bob!)).filter((t) => t.recordId === created.id);
    expect(discovery).toMatchObject({ node: { id: 'discovery' }, assigneeId: as.bob!.actor.userId, stage: 'discovery' });
    // the record's stage bar
    const [instance] = await recordProcesses(as.bob!, { object: 'opportunity', id: created.id as string });
    expect(instance!.progress.stages.find((s) => s.state === 'current')?.stage.id).toBe('discovery');
    // a closed task cannot be completed again
    expect(await refusal(completeTask(as.meg!, { id: task!.id, outcome: 'go' }))).toEqual({ status: 409, code: 'process.task-closed' });
  });

  it('claims, gives back and delegates; a task assigned by name is not given back', async () => {
    const created = await deal('ann', { name: 'Delegated deal' });
    const [task] = (await listTasks(as.meg!)).filter((t) => t.recordId === created.id);
    await claimTask(as.meg!, { id: task!.id });
    expect(await refusal(claimTask(as.meg!, { id: task!.id }))).toEqual({ status: 409, code: 'process.task-claimed' });
    await unclaimTask(as.meg!, { id: task!.id });
    expect((await listTasks(as.meg!, { view: 'available' })).map((t) => t.id)).toContain(task!.id);
    await claimTask(as.meg!, { id: task!.id });
    await delegateTask(as.meg!, { id: task!.id, to: as.wes!.actor.userId! });
    expect(await taskIds('wes')).toContain(task!.id);
    expect(await taskIds('meg')).not.toContain(task!.id);
    expect(await refusal(unclaimTask(as.ann!, { id: task!.id }))).toEqual({ status: 404, code: 'process.task-not-found' });
  });

  it('writes form values with the step field rights: opened fields are editable for the assignee, the rest refused', async () => {
    const created = await deal('ann', { name: 'Loss deal' });
    const [go] = (await listTasks(as.meg!)).filter((t) => t.recordId === created.id);
    // completed without claiming it first: it is claimed on the way
    expect((await completeTask(as.meg!, { id: go!.id, outcome: 'noGo', comment: 'not for us' })).assigneeId).toBe(as.meg!.actor.userId);
    const [stored] = await f.database.db.select().from(processTasks).where(eq(processTasks.id, go!.id));
    expect(stored).toMatchObject({ status: 'completed', assigneeId: as.meg!.actor.userId, completedBy: as.meg!.actor.userId, outcome: 'noGo' });
    // the loss is recorded by the owner; lostReason is opened by the step
    const [loss] = (await listTasks(as.ann!)).filter((t) => t.recordId === created.id);
    expect(loss!.node.id).toBe('recordLoss');
    expect(await refusal(completeTask(as.ann!, { id: loss!.id, outcome: 'confirm', values: { probability: 0.5 } }))).toEqual({ status: 403, code: 'access.field-read-only' });
    await completeTask(as.ann!, { id: loss!.id, outcome: 'confirm', values: { lostReason: 'price' } });
    expect(await getRecord(as.ann!, { object: 'opportunity', id: created.id as string })).toMatchObject({ lostReason: 'price', stage: 'lost' });
    const [instance] = await recordProcesses(as.ann!, { object: 'opportunity', id: created.id as string });
    expect(instance!.progress.status).toBe('completed');
  });

  /** The process timer jobs of one instance. */
  const timersOf = (instanceId: string) => sql`type = ${PROCESS_TIMER_JOB} AND payload->>'instanceId' = ${instanceId}`;
  /** Makes the pending timers of an instance due and runs `workers` job workers until no timer is left due. */
  const fireDueTimers = async (instanceId: string, workers = 1) => {
    await f.database.rows(sql`UPDATE jobs SET run_at = now() WHERE ${timersOf(instanceId)} AND status = 'pending'`);
    const running = await Promise.all(Array.from({ length: workers }, () => startWorker(f.database, { handlers: { [PROCESS_TIMER_JOB]: processTimerHandler(f.database) }, pollMs: 10 })));
    try {
      for (let i = 0; i < 500; i++) {
        const [due] = await f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs WHERE ${timersOf(instanceId)} AND status IN ('pending', 'running') AND run_at <= now()`);
        if (due!.n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await Promise.all(running.map((w) => w.stop()));
    }
  };

  it('starts on the update that makes its condition true, reminds through timer jobs once each, and cancels the reminders with the task', async () => {
    const [account] = await f.insert('account', [{ name: 'Follow-up Ltd', accountType: 'prospect', orgUnit: units.east1, owner: as.ann!.actor.userId }]);
    const processes = () => recordProcesses(as.ann!, { object: 'account', id: account! });
    expect(await processes()).toEqual([]);
    const customer = await updateRecord(as.ann!, { object: 'account', id: account!, rowVersion: 1, values: { accountType: 'customer' } });
    expect((await processes()).map((p) => p.process.id)).toEqual(['customerFollowUp']);
    const instanceId = (await processes())[0]!.instanceId;
    // still a customer after another change: the condition was true before, nothing new starts
    const changed = await updateRecord(as.ann!, { object: 'account', id: account!, rowVersion: customer.rowVersion as number, values: { industry: 'retail' } });
    expect(await processes()).toHaveLength(1);
    // the open call step locks the phone number for everyone, its owner and her manager alike
    for (const who of ['ann', 'meg']) {
      const locked = await updateRecord(as[who]!, { object: 'account', id: account!, rowVersion: changed.rowVersion as number, values: { phone: '+86 21 5555 0000' } }).catch((e: unknown) => e);
      expect(locked).toMatchObject({ status: 403, code: 'access.field-read-only', problems: [{ pointer: '/values/phone' }] });
    }
    const [call] = (await listTasks(as.ann!)).filter((t) => t.recordId === account);
    expect(call).toMatchObject({ node: { id: 'call' }, assigneeId: as.ann!.actor.userId });
    expect(call!.dueAt).not.toBeNull();
    // the reminder is a job due in an hour: made due, two workers race for it, it fires once and schedules the next one
    await fireDueTimers(instanceId, 2);
    const reminded = await f.database.db.select().from(notifications).where(eq(notifications.recordId, account!));
    expect(reminded.map((n) => n.userId)).toEqual([as.ann!.actor.userId]);
    expect(await f.database.db.select().from(processEvents).where(and(eq(processEvents.instanceId, instanceId), eq(processEvents.type, 'task.escalated')))).toHaveLength(1);
    const next = await f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM jobs WHERE ${timersOf(instanceId)} AND status = 'pending' AND run_at > now()`);
    expect(next[0]!.n).toBe(1);
    // completing the task cancels the next reminder and starts the day's wait
    await completeTask(as.ann!, { id: call!.id, outcome: 'done' });
    const statuses = await f.database.rows<{ status: string; n: number }>(sql`SELECT status, count(*)::int AS n FROM jobs WHERE ${timersOf(instanceId)} GROUP BY status ORDER BY status`);
    expect(statuses).toEqual([
      { status: 'cancelled', n: 1 },
      { status: 'done', n: 1 },
      { status: 'pending', n: 1 },
    ]);
    expect((await processes())[0]!.progress.active).toMatchObject([{ node: 'wait', waitsFor: 'timer' }]);
    // the call is over: the phone number may change again
    expect((await updateRecord(as.ann!, { object: 'account', id: account!, rowVersion: changed.rowVersion as number, values: { phone: '+86 21 5555 0000' } })).phone).toBe('+86 21 5555 0000');
    await fireDueTimers(instanceId);
    expect((await processes())[0]!.progress.status).toBe('completed');
    expect(await f.database.db.select().from(notifications).where(eq(notifications.recordId, account!))).toHaveLength(1);
  });

  it('starts a manual process only for its roles, while its condition holds, and not twice; incidents are for admins', async () => {
    const [account] = await f.insert('account', [{ name: 'Manual Ltd', accountType: 'prospect', orgUnit: units.east1, owner: as.ann!.actor.userId }]);
    expect(await refusal(startProcess(as.ann!, { object: 'account', id: account!, process: 'customerFollowUp' }))).toEqual({ status: 403, code: 'access.denied' });
    expect(await refusal(startProcess(as.wes!, { object: 'account', id: account!, process: 'customerFollowUp' }))).toEqual({ status: 404, code: 'records.not-found' });
    expect(await refusal(startProcess(as.meg!, { object: 'account', id: account!, process: 'nothing' }))).toEqual({ status: 422, code: 'process.unknown' });
    expect(await refusal(startProcess(as.meg!, { object: 'account', id: account!, process: 'leadQualification' }))).toEqual({ status: 422, code: 'process.unknown' });
    const { instanceId } = await startProcess(as.meg!, { object: 'account', id: account!, process: 'customerFollowUp' });
    expect((await recordProcesses(as.meg!, { object: 'account', id: account! })).map((p) => p.instanceId)).toEqual([instanceId]);
    expect(await refusal(startProcess(as.meg!, { object: 'account', id: account!, process: 'customerFollowUp' }))).toEqual({ status: 409, code: 'process.running' });
    expect(await refusal(listIncidents(as.ann!))).toEqual({ status: 403, code: 'auth.forbidden' });
    expect((await listIncidents(as.admin!)).processes).toEqual([]);
    expect(await refusal(retryIncident(as.admin!, { instanceId, incidentId: 'nope' }))).toEqual({ status: 404, code: 'process.incident-not-found' });
    expect(await refusal(retryIncident(as.admin!, { instanceId: 'not-a-uuid', incidentId: 'nope' }))).toEqual({ status: 404, code: 'process.incident-not-found' });
    expect(await refusal(retryIncident(as.admin!, { jobIncidentId: 'not-a-uuid' }))).toEqual({ status: 404, code: 'process.incident-not-found' });
    expect(await refusal(listTasks(f.ctx))).toEqual({ status: 422, code: 'process.no-inbox' });
  });

  it('gives a record a step creates to the owner and unit of the record the process runs on, or to the owner the step names', async () => {
    const [account] = await f.insert('account', [{ name: 'Hand-off Ltd', accountType: 'prospect', orgUnit: units.east1, owner: as.ann!.actor.userId }]);
    await startProcess(as.meg!, { object: 'account', id: account!, process: 'contactHandOff' });
    const rows = await f.database.rows<{ owner: string | null; orgUnit: string | null; createdBy: string | null }>(
      sql`SELECT owner::text AS owner, "orgUnit"::text AS "orgUnit", "createdBy"::text AS "createdBy" FROM ${sql.raw(recordTableSql((await f.target('contact')).mapped.table))} WHERE email = 'follow-up@example.com'`,
    );
    // the step names the owner (the manager who started it); the unit is the account's; the creator is the process
    expect(rows).toEqual([{ owner: as.meg!.actor.userId, orgUnit: units.east1, createdBy: null }]);
  });

  it("nudges a task's assignee: every candidate while it is unclaimed, only its holder once claimed; a queue's members in any unit", async () => {
    const nudged = async (account: string) => {
      await fireDueTimers((await recordProcesses(as.meg!, { object: 'account', id: account }))[0]!.instanceId);
      const rows = await f.database.db.select().from(notifications).where(eq(notifications.recordId, account));
      const byName = Object.fromEntries(Object.entries(as).map(([username, c]) => [c.actor.userId, username]));
      return rows.map((n) => `${(n.message as { en: string }).en} → ${byName[n.userId]}`).sort();
    };
    const [unclaimed, claimed] = await f.insert('account', [
      { name: 'Nudged Ltd', accountType: 'prospect', orgUnit: units.east1, owner: as.ann!.actor.userId },
      { name: 'Claimed Ltd', accountType: 'prospect', orgUnit: units.east1, owner: as.ann!.actor.userId },
    ]);
    await startProcess(as.meg!, { object: 'account', id: unclaimed!, process: 'managerCheck' });
    // the sales managers of east (the nearest unit with one), not west's
    expect(await nudged(unclaimed!)).toEqual(['Nudge check → max', 'Nudge check → meg']);

    await startProcess(as.meg!, { object: 'account', id: claimed!, process: 'managerCheck' });
    const [check] = (await listTasks(as.max!)).filter((t) => t.recordId === claimed);
    await claimTask(as.max!, { id: check!.id });
    expect(await nudged(claimed!)).toEqual(['Nudge check → max']);

    // the queue's task: its members hold salesManager anywhere — west's manager too
    await completeTask(as.max!, { id: check!.id, outcome: 'done' });
    const [desk] = (await listTasks(as.wes!)).filter((t) => t.recordId === claimed);
    expect(desk).toMatchObject({ node: { id: 'desk' }, queueId: 'accountDesk' });
    expect((await nudged(claimed!)).filter((n) => n.startsWith('Nudge desk'))).toEqual(['Nudge desk → max', 'Nudge desk → meg', 'Nudge desk → wes']);
  });

  it('rolls the process back with the record write that started it', async () => {
    const before = await f.database.db.select().from(processTasks);
    // a deal whose account does not exist: refused, and no instance or task is left behind
    expect(await refusal(deal('ann', { account: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ status: 422 });
    expect(await f.database.db.select().from(processTasks)).toHaveLength(before.length);
  });
});
