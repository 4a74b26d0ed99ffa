import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { auditLog, processEvents, processInstances, processTasks, recordTableSql, testEngine } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { assignRole } from '../org/assign-role.ts';
import { createOrgUnit } from '../org/create-org-unit.ts';
import { createUser } from '../org/create-user.ts';
import { disableUser } from '../org/disable-user.ts';
import { retireOrgUnit } from '../org/retire-org-unit.ts';
import { openReadFixture, type ReadFixture } from '../records/read-test-fixtures.ts';
import { handOverWork } from './hand-over-work.ts';

const name = (en: string) => ({ en, 'zh-CN': en });

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; problems: string[] }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperationError) return { status: error.status, code: error.code, problems: error.problems.map((p) => `${p.pointer} ${p.code}`) };
    throw error;
  }
  throw new Error('expected a refusal');
}

// complex sales: salesManager (held in east) may read and transfer leads, accounts and
// opportunities of east and below; accountExecutive may transfer nothing.
describe(`handOverWork (${testEngine()})`, () => {
  let f: ReadFixture;
  const units: Record<string, string> = {};
  const users: Record<string, string> = {};
  let meg: OperationContext;
  let accountId: string;
  let leavers = 0;

  const user = async (username: string, unit: string, role?: string) => {
    const created = await createUser(f.ctx, { username, displayName: username, orgUnitId: units[unit]!, password: 'correct horse battery 9' });
    if (role) await assignRole(f.ctx, { userId: created.id, roleId: role, orgUnitId: units[unit]! });
    users[username] = created.id;
    return { database: f.database, actor: { userId: created.id, username, permissions: [], via: 'session' as const, orgUnitId: units[unit]! } };
  };
  /** A rep of east-1 with three opportunities and two accounts there, one opportunity in west (outside the manager's scope) and one deleted. */
  const leaver = async () => {
    const username = `leaver${++leavers}`;
    await user(username, 'east1', 'accountExecutive');
    const owner = users[username];
    const deal = (stage: string, unit = units.east1, extra: Record<string, unknown> = {}) => ({ name: `${username} ${stage}`, account: accountId, stage, probability: 0.5, amount: 10, closeDate: '2030-01-01', owner, orgUnit: unit, ...extra });
    const east = await f.insert('opportunity', [deal('qualify'), deal('qualify'), deal('won')]);
    const [west] = await f.insert('opportunity', [deal('qualify', units.west)]);
    const [deleted] = await f.insert('opportunity', [deal('qualify', units.east1, { deletedAt: new Date().toISOString() })]);
    const accounts = await f.insert('account', [{ name: `${username} A`, accountType: 'customer', owner, orgUnit: units.east1 }, { name: `${username} B`, accountType: 'prospect', owner, orgUnit: units.east1 }]);
    return { id: owner!, username, east, west: west!, deleted: deleted!, accounts };
  };
  const owners = async (objectId: string, ids: readonly string[]) => {
    const target = await f.target(objectId);
    const rows = await f.database.rows<{ id: string; owner: string; orgUnit: string; rowVersion: number }>(
      sql`SELECT id::text AS id, owner::text AS owner, "orgUnit"::text AS "orgUnit", "rowVersion" FROM ${sql.raw(recordTableSql(target.mapped.table))} WHERE id = ANY(${sql.param(ids)}::uuid[])`,
    );
    return ids.map((id) => rows.find((r) => r.id === id)!);
  };
  const transfersOf = (handover: string) => f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'record.transfer' AND details->>'handover' = ${handover}`);
  /** An open task on an opportunity (an instance of its own), to `assignee` by name, or claimed from a role when `claimed`. */
  const task = async (recordId: string, assignee: string | null, options: { claimed?: boolean; status?: 'open' | 'completed' } = {}) => {
    const versionId = (await f.target('opportunity')).version.id;
    const [instance] = await f.database.db.insert(processInstances).values({ processId: 'approval', versionId, objectId: 'opportunity', recordId, status: 'running', state: {} }).returning();
    const id = randomUUID();
    const claimed = options.claimed === true;
    await f.database.db.insert(processTasks).values({
      id,
      instanceId: instance!.id,
      processId: 'approval',
      versionId,
      nodeId: 'approve',
      objectId: 'opportunity',
      recordId,
      status: options.status ?? 'open',
      assigneeId: assignee,
      candidateRole: claimed || assignee === null ? 'salesManager' : null,
      candidateUnit: claimed || assignee === null ? units.east1! : null,
      claimedAt: claimed ? new Date('2020-01-01T00:00:00Z') : null,
    });
    return id;
  };
  const tasks = async (ids: readonly string[]) => {
    const rows = await f.database.db.select().from(processTasks);
    return ids.map((id) => rows.find((r) => r.id === id)!);
  };
  const auditCount = async () => (await f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n;

  beforeAll(async () => {
    f = await openReadFixture();
    units.hq = (await createOrgUnit(f.ctx, { code: 'hq', name: name('HQ') })).id;
    units.east = (await createOrgUnit(f.ctx, { code: 'east', name: name('East'), parentId: units.hq })).id;
    units.east1 = (await createOrgUnit(f.ctx, { code: 'east-1', name: name('East 1'), parentId: units.east })).id;
    units.west = (await createOrgUnit(f.ctx, { code: 'west', name: name('West'), parentId: units.hq })).id;
    units.closed = (await createOrgUnit(f.ctx, { code: 'closed', name: name('Closed'), parentId: units.hq })).id;
    await retireOrgUnit(f.ctx, { unitId: units.closed });
    meg = await user('meg', 'east', 'salesManager');
    await user('bob', 'east1', 'accountExecutive');
    await user('gone', 'east1');
    await disableUser(f.ctx, { userId: users.gone! });
    [accountId] = (await f.insert('account', [{ name: 'Acme', accountType: 'customer', orgUnit: units.east1 }])) as [string];
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('counts on a dry run what it then moves; only the records of `from` in the caller\'s scope move', async () => {
    const ann = await leaver();
    const audited = await auditCount();
    const dry = await handOverWork(meg, { from: ann.id, to: users.bob!, dryRun: true });
    expect(dry).toMatchObject({ dryRun: true, handoverId: null, from: { id: ann.id, username: ann.username }, to: { id: users.bob, username: 'bob' }, orgUnit: null });
    // every object the manager may transfer, in package order; the west deal and the deleted one do not count
    expect(dry.records).toEqual({ total: 5, byObject: { lead: 0, account: 2, opportunity: 3 } });
    expect(await auditCount()).toBe(audited);
    expect((await owners('opportunity', ann.east)).map((r) => [r.owner, r.rowVersion])).toEqual(ann.east.map(() => [ann.id, 1]));

    const done = await handOverWork(meg, { from: ann.id, to: users.bob! });
    expect(done.records).toEqual(dry.records);
    expect(done).toMatchObject({ dryRun: false, handoverId: expect.any(String) });
    expect((await owners('opportunity', ann.east)).map((r) => [r.owner, r.orgUnit, r.rowVersion])).toEqual(ann.east.map(() => [users.bob, units.east1, 2]));
    expect((await owners('account', ann.accounts)).map((r) => r.owner)).toEqual([users.bob, users.bob]);
    expect((await owners('opportunity', [ann.west, ann.deleted])).map((r) => [r.owner, r.rowVersion])).toEqual([
      [ann.id, 1],
      [ann.id, 1],
    ]);
    // one entry per record and one summary
    expect((await transfersOf(done.handoverId!))[0]!.n).toBe(5);
    const [entry] = await f.database.db.select().from(auditLog).where(and(eq(auditLog.recordId, ann.east[0]!), eq(auditLog.action, 'record.transfer')));
    expect(entry).toMatchObject({ actorId: users.meg, objectId: 'opportunity', changes: { owner: { before: ann.id, after: users.bob } }, details: { by: 'meg', via: 'session', handover: done.handoverId } });
    const summaries = await f.database.rows<{ details: Record<string, unknown> }>(sql`SELECT details FROM audit_log WHERE action = 'access.handover' AND details->>'handover' = ${done.handoverId}`);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.details).toMatchObject({ by: 'meg', from: { id: ann.id }, to: { id: users.bob }, records: { total: 5, byObject: { account: 2, opportunity: 3 } } });
    // nothing of ann's left in scope
    expect((await handOverWork(meg, { from: ann.id, to: users.bob!, dryRun: true })).records.total).toBe(0);
  });

  it('moves only the records matching the filter: one for every object, or one per object', async () => {
    const ann = await leaver();
    const qualify = await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['opportunity'], filter: 'stage == "qualify"' });
    expect(qualify.records).toEqual({ total: 2, byObject: { opportunity: 2 } });
    expect((await owners('opportunity', ann.east)).map((r) => r.owner)).toEqual([users.bob, users.bob, ann.id]);
    const perObject = await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account', 'opportunity'], filter: { account: 'accountType == "prospect"' } });
    expect(perObject.records).toEqual({ total: 2, byObject: { account: 1, opportunity: 1 } });
    expect((await owners('account', ann.accounts)).map((r) => r.owner)).toEqual([ann.id, users.bob]);
    expect(await refusal(handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['opportunity'], filter: 'stage ==' }))).toMatchObject({ status: 422, problems: ['/filter records.filter.invalid'] });
    expect(await refusal(handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account'], filter: { account: 'nonsense > 1' } }))).toMatchObject({ status: 422, problems: ['/filter/account records.filter.invalid'] });
    expect(await refusal(handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account'], filter: { lead: 'true' } }))).toEqual({ status: 422, code: 'access.handover.invalid', problems: ['/filter/lead access.handover.filter-object'] });
  });

  it('moves the records to a new unit when asked, auditing the unit too', async () => {
    const ann = await leaver();
    const done = await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account'], orgUnit: units.east });
    expect(done.records.total).toBe(2);
    expect((await owners('account', ann.accounts)).map((r) => [r.owner, r.orgUnit])).toEqual([
      [users.bob, units.east],
      [users.bob, units.east],
    ]);
    const [entry] = await f.database.db.select().from(auditLog).where(and(eq(auditLog.recordId, ann.accounts[0]!), eq(auditLog.action, 'record.transfer')));
    expect(entry!.changes).toEqual({ owner: { before: ann.id, after: users.bob }, orgUnit: { before: units.east1, after: units.east } });
  });

  it('needs the transfer grant: objects without one are skipped by default, refused when named', async () => {
    const ann = await leaver();
    expect(await refusal(handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account', 'product'] }))).toEqual({ status: 403, code: 'access.denied', problems: ['/objects/1 access.denied'] });
    expect(await refusal(handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['nothing'] }))).toMatchObject({ status: 404, problems: ['/objects/0 records.object-unknown'] });
    const rep = { database: f.database, actor: { userId: users.bob!, username: 'bob', permissions: [], via: 'session' as const, orgUnitId: units.east1! } };
    expect(await refusal(handOverWork(rep, { from: ann.id, to: users.meg! }))).toMatchObject({ status: 403, code: 'access.denied' });
    expect(await refusal(handOverWork({ database: f.database, actor: { userId: null, username: 'anonymous', permissions: [], via: 'anonymous' } }, { from: ann.id, to: users.bob! }))).toMatchObject({ status: 401 });
    expect((await owners('account', ann.accounts)).map((r) => r.owner)).toEqual([ann.id, ann.id]);
    // the command line hands over everything, every object
    const all = await handOverWork(f.ctx, { from: ann.id, to: users.bob! });
    expect(all.records.byObject).toMatchObject({ account: 2, opportunity: 4, product: 0, order: 0 });
    expect(Object.keys(all.records.byObject)).toEqual((await f.target('opportunity')).version.package.objects.map((o) => o.id));
  });

  it('checks the users and the unit: `to` active, `from` known (disabled is fine), not the same user', async () => {
    const ann = await leaver();
    expect(await refusal(handOverWork(meg, { from: ann.id, to: users.gone! }))).toEqual({ status: 422, code: 'access.handover.invalid', problems: ['/to records.owner-inactive'] });
    expect(await refusal(handOverWork(meg, { from: '00000000-0000-4000-8000-000000000000', to: users.bob!, orgUnit: units.closed }))).toEqual({
      status: 422,
      code: 'access.handover.invalid',
      problems: ['/from access.handover.from-unknown', '/orgUnit records.org-unit-inactive'],
    });
    expect(await refusal(handOverWork(meg, { from: ann.id, to: ann.id }))).toMatchObject({ status: 422, problems: ['/to access.handover.same-user'] });
    expect(await refusal(handOverWork(meg, { from: 'ann', to: 'bob', objects: [] }))).toMatchObject({
      status: 422,
      problems: ['/from access.handover.from-unknown', '/to records.owner-inactive', '/objects access.handover.objects-invalid'],
    });
    // someone who left: disabled, their records still go
    await disableUser(f.ctx, { userId: ann.id });
    expect((await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account'] })).records.total).toBe(2);
  });

  it('writes nothing when it fails midway: the records moved before the failure stay where they were', async () => {
    const ann = await leaver();
    const audited = await auditCount();
    const table = recordTableSql((await f.target('opportunity')).mapped.table);
    await f.database.rows(sql.raw(`CREATE FUNCTION test_refuse_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`));
    await f.database.rows(sql.raw(`CREATE TRIGGER test_refuse_update BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION test_refuse_update()`));
    try {
      // accounts first (moved, then rolled back), opportunities fail
      const failed = await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['account', 'opportunity'] }).catch((e: unknown) => e);
      expect(String((failed as Error).cause ?? failed)).toContain('refused by the test');
    } finally {
      await f.database.rows(sql.raw(`DROP TRIGGER test_refuse_update ON ${table}`));
      await f.database.rows(sql.raw('DROP FUNCTION test_refuse_update()'));
    }
    expect((await owners('account', ann.accounts)).map((r) => [r.owner, r.rowVersion])).toEqual([
      [ann.id, 1],
      [ann.id, 1],
    ]);
    expect(await auditCount()).toBe(audited);
  });

  it("reassigns `from`'s open tasks: on the records that move, and on every readable record when an object goes without a filter", async () => {
    const ann = await leaver();
    const [carlsDeal] = await f.insert('opportunity', [{ name: 'carl deal', account: accountId, stage: 'qualify', probability: 0.5, amount: 10, closeDate: '2030-01-01', owner: users.bob, orgUnit: units.east1 }]);
    const byName = await task(ann.east[0]!, ann.id);
    const claimed = await task(ann.east[1]!, ann.id, { claimed: true });
    const onWon = await task(ann.east[2]!, ann.id);
    const onOthers = await task(carlsDeal!, ann.id); // ann approves a deal she does not own
    const stay = [
      await task(ann.west, ann.id), // outside the manager's scope
      await task(ann.deleted, ann.id), // a deleted record
      await task(ann.east[0]!, ann.id, { status: 'completed' }), // closed
      await task(ann.east[0]!, null), // nobody's: the role's, unclaimed
      await task(ann.east[0]!, users.bob!), // someone else's
    ];
    const before = await tasks(stay);

    // with a filter: the tasks on the records that move
    const dry = await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['opportunity'], filter: 'stage == "qualify"', dryRun: true });
    expect(dry.tasks).toEqual({ total: 2, byObject: { opportunity: 2 } });
    expect((await tasks([byName, claimed])).map((t) => t.assigneeId)).toEqual([ann.id, ann.id]);
    const filtered = await handOverWork(meg, { from: ann.id, to: users.bob!, objects: ['opportunity'], filter: 'stage == "qualify"' });
    expect(filtered).toMatchObject({ records: { total: 2 }, tasks: { total: 2, byObject: { opportunity: 2 } } });
    const [named, taken] = await tasks([byName, claimed]);
    expect([named!.assigneeId, named!.claimedAt]).toEqual([users.bob, null]); // given by name: stays so
    expect(taken!.assigneeId).toBe(users.bob);
    expect(taken!.claimedAt!.getTime()).toBeGreaterThan(new Date('2020-01-01T00:00:00Z').getTime()); // claimed: now by bob
    expect(taken!.candidateRole).toBe('salesManager');
    expect((await tasks([onWon, onOthers])).map((t) => t.assigneeId)).toEqual([ann.id, ann.id]);
    const events = await f.database.db.select().from(processEvents).where(eq(processEvents.taskId, byName));
    expect(events).toEqual([expect.objectContaining({ type: 'task.reassigned', nodeId: 'approve', actorId: users.meg, details: { from: ann.id, to: users.bob, reason: 'handover', handover: filtered.handoverId, by: 'meg', via: 'session' } })]);
    const [summary] = await f.database.rows<{ details: Record<string, unknown> }>(sql`SELECT details FROM audit_log WHERE action = 'access.handover' AND details->>'handover' = ${filtered.handoverId}`);
    expect(summary!.details).toMatchObject({ tasks: { total: 2, byObject: { opportunity: 2 } } });

    // without a filter (all of ann's work): her tasks on every live record the manager may read, whoever owns it
    const all = await handOverWork(meg, { from: ann.id, to: users.bob!, dryRun: true });
    expect(all.tasks).toEqual({ total: 2, byObject: { lead: 0, account: 0, opportunity: 2 } });
    const done = await handOverWork(meg, { from: ann.id, to: users.bob! });
    expect(done.tasks).toEqual(all.tasks);
    expect((await tasks([onWon, onOthers])).map((t) => t.assigneeId)).toEqual([users.bob, users.bob]);
    expect(await tasks(stay)).toEqual(before);
    const reassigned = await f.database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM process_events WHERE type = 'task.reassigned' AND details->>'handover' IN (${filtered.handoverId}, ${done.handoverId})`);
    expect(reassigned[0]!.n).toBe(4);
    expect((await handOverWork(meg, { from: ann.id, to: users.bob!, dryRun: true })).tasks.total).toBe(0);
  });
});
