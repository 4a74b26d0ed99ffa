import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, roleAssignments, testEngine, type Database } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { assignRole } from '../org/assign-role.ts';
import { createOrgUnit } from '../org/create-org-unit.ts';
import { createUser } from '../org/create-user.ts';
import { unassignRole } from '../org/unassign-role.ts';
import { followAccessChanges } from './lib/caller-access.ts';
import { aggregateRecords } from './aggregate-records.ts';
import { createRecord } from './create-record.ts';
import { deleteRecord } from './delete-record.ts';
import { exportRecords } from './export/export-records.ts';
import { getRecord } from './get-record.ts';
import { importRecords } from './import/import-records.ts';
import { listRecords } from './list-records.ts';
import { openReadFixture, type ReadFixture } from './read-test-fixtures.ts';
import { recordHistory } from './record-history.ts';
import { searchRecords } from './search-records.ts';
import { updateRecord } from './update-record.ts';

const name = (en: string) => ({ en, 'zh-CN': en });

async function refusal(promise: Promise<unknown>): Promise<{ status: number; code: string; pointer?: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperationError) return { status: error.status, code: error.code, ...(error.problems[0] ? { pointer: error.problems[0].pointer } : {}) };
    throw error;
  }
  throw new Error('expected a refusal');
}

// complex sales: accountExecutive reads and creates its own opportunities, updates them while not won or lost,
// deletes them while in "qualify"; salesManager (inheriting it) reads, updates, exports its unit and below.
describe(`business roles enforced by the records operations (${testEngine()})`, () => {
  let f: ReadFixture;
  const units: Record<string, string> = {};
  const as: Record<string, OperationContext> = {};
  let accountId: string;

  const user = async (username: string, unit: string, role?: string) => {
    const created = await createUser(f.ctx, { username, displayName: username, orgUnitId: units[unit]!, password: 'correct horse battery 9' });
    if (role) await assignRole(f.ctx, { userId: created.id, roleId: role, orgUnitId: units[unit]! });
    as[username] = { database: f.database, actor: { userId: created.id, username, permissions: [], via: 'session', orgUnitId: units[unit]! } };
  };
  const deal = (who: string, values: Record<string, unknown> = {}) =>
    createRecord(as[who]!, { object: 'opportunity', values: { name: `${who}'s deal`, account: accountId, stage: 'qualify', probability: 0.1, amount: 1000, closeDate: '2030-01-01', ...values } });
  const ids = (page: { records: Record<string, unknown>[] }) => page.records.map((r) => r.id).sort();

  beforeAll(async () => {
    f = await openReadFixture();
    units.hq = (await createOrgUnit(f.ctx, { code: 'hq', name: name('HQ') })).id;
    units.east = (await createOrgUnit(f.ctx, { code: 'east', name: name('East'), parentId: units.hq })).id;
    units.east1 = (await createOrgUnit(f.ctx, { code: 'east-1', name: name('East 1'), parentId: units.east })).id;
    units.west = (await createOrgUnit(f.ctx, { code: 'west', name: name('West'), parentId: units.hq })).id;
    await user('ann', 'east1', 'accountExecutive');
    await user('bob', 'east1', 'accountExecutive');
    await user('wes', 'west', 'accountExecutive');
    await user('meg', 'east', 'salesManager');
    await user('nobody', 'east');
    [accountId] = await f.insert('account', [{ name: 'Acme', accountType: 'customer', orgUnit: units.east1 }]) as [string];
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('lists, gets, searches and aggregates only what the read rules allow, in the query', async () => {
    const ann = await deal('ann');
    const bob = await deal('bob');
    const wes = await deal('wes');
    expect(ids(await listRecords(as.ann!, { object: 'opportunity' }))).toEqual([ann.id]);
    expect(ids(await listRecords(as.meg!, { object: 'opportunity' }))).toEqual([ann.id, bob.id].sort());
    expect(ids(await listRecords(as.nobody!, { object: 'opportunity' }))).toEqual([]);
    expect((await listRecords(as.ann!, { object: 'opportunity' })).total).toEqual({ count: 1, exact: true });
    // someone else's record does not exist for the caller
    expect(await refusal(getRecord(as.ann!, { object: 'opportunity', id: bob.id as string }))).toMatchObject({ status: 404 });
    expect(await refusal(getRecord(as.meg!, { object: 'opportunity', id: wes.id as string }))).toMatchObject({ status: 404 });
    expect((await getRecord(as.meg!, { object: 'opportunity', id: bob.id as string })).id).toBe(bob.id);
    expect((await searchRecords(as.ann!, { q: 'deal', objects: ['opportunity'] })).map((h) => h.id)).toEqual([ann.id]);
    const counted = await aggregateRecords(as.meg!, { object: 'opportunity', groupBy: [], measures: [{ fn: 'count' }] });
    expect(counted.groups[0]!.values).toEqual([2]);
    expect(await refusal(recordHistory(as.ann!, { object: 'opportunity', id: bob.id as string }))).toMatchObject({ status: 404 });
    expect(await recordHistory(as.meg!, { object: 'opportunity', id: bob.id as string })).toHaveLength(1);
  });

  it('checks writes on the record as it is and as it would become', async () => {
    const open = await deal('ann', { name: 'Open deal' });
    const bobs = await deal('bob');
    const moved = await updateRecord(as.ann!, { object: 'opportunity', id: open.id as string, rowVersion: 1, values: { stage: 'discovery' } });
    expect(moved.stage).toBe('discovery');
    // closing it would take it out of what the rule lets the rep update
    expect(await refusal(updateRecord(as.ann!, { object: 'opportunity', id: open.id as string, rowVersion: 2, values: { stage: 'won' } }))).toEqual({ status: 403, code: 'access.denied', pointer: '/values' });
    // not theirs: 404 whatever the row version says
    expect(await refusal(updateRecord(as.ann!, { object: 'opportunity', id: bobs.id as string, rowVersion: 99, values: { amount: 1 } }))).toMatchObject({ status: 404 });
    expect(await refusal(deleteRecord(as.ann!, { object: 'opportunity', id: bobs.id as string }))).toMatchObject({ status: 404 });
    // readable (the manager's unit and below) but deletable only by the owner while in "qualify"
    expect(await refusal(deleteRecord(as.meg!, { object: 'opportunity', id: bobs.id as string }))).toEqual({ status: 403, code: 'access.denied', pointer: '/id' });
    expect((await deleteRecord(as.bob!, { object: 'opportunity', id: bobs.id as string })).deletedAt).not.toBeNull();
    // a manager updates what reps of the unit own
    expect((await updateRecord(as.meg!, { object: 'opportunity', id: open.id as string, rowVersion: 2, values: { stage: 'won' } })).stage).toBe('won');
  });

  it('refuses actions no role grants, before touching any record', async () => {
    expect(await refusal(createRecord(as.ann!, { object: 'product', values: {} }))).toMatchObject({ status: 403, code: 'access.denied' });
    expect(await refusal(createRecord(as.nobody!, { object: 'opportunity', values: {} }))).toMatchObject({ status: 403, code: 'access.denied' });
    expect(await refusal(exportRecords(as.ann!, { object: 'opportunity' }))).toMatchObject({ status: 403, code: 'access.denied' });
    const csv = () => Readable.from([Buffer.from('name,account,stage,probability,amount,closeDate\nImported,Acme,qualify,0.1,5,2030-01-01\n')]);
    expect(await refusal(importRecords(as.ann!, { object: 'opportunity', source: csv }))).toMatchObject({ status: 403, code: 'access.denied' });
    const exported = [];
    for await (const chunk of await exportRecords(as.meg!, { object: 'opportunity', fields: ['name'] })) exported.push(chunk);
    expect(exported.join('').trim().split(/\r?\n/).slice(1).every((line) => !line.includes('wes'))).toBe(true);
  });

  it('sees a new role at once: assignments drop the cached access', async () => {
    const before = await listRecords({ ...as.nobody! }, { object: 'opportunity' });
    expect(before.records).toEqual([]);
    await assignRole(f.ctx, { userId: as.nobody!.actor.userId!, roleId: 'salesManager', orgUnitId: units.hq! });
    const after = await listRecords({ ...as.nobody! }, { object: 'opportunity' });
    expect(after.records.length).toBeGreaterThan(0);
  });

  it('tells another server at once: an unassigned role stops working there too', async () => {
    // another server: on PostgreSQL its own pool and LISTEN connection; on PGlite (one process) another
    // handle on the same database, with an access cache of its own that only the notification can drop
    const other: Database = testEngine() === 'postgres' ? await openDatabase({ url: f.database.url!, migrate: false }) : { ...f.database, close: async () => {} };
    const unfollow = await followAccessChanges(other);
    try {
      await user('pat', 'east', 'salesManager');
      const onOther = () => listRecords({ ...as.pat!, database: other }, { object: 'opportunity' });
      expect((await onOther()).records.length).toBeGreaterThan(0); // now cached on the other side
      const [held] = await f.database.db.select({ id: roleAssignments.id }).from(roleAssignments).where(eq(roleAssignments.userId, as.pat!.actor.userId!));
      await unassignRole(f.ctx, { assignmentId: held!.id });
      let seen = -1;
      for (let i = 0; i < 50 && seen !== 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        seen = (await onOther()).records.length;
      }
      expect(seen).toBe(0);
    } finally {
      await unfollow();
      await other.close();
    }
  });
});
