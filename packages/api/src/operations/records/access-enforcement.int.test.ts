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
  // stage and probability are read-only for reps: their defaults (qualify, 10 %) apply
  const deal = (who: string, values: Record<string, unknown> = {}) =>
    createRecord(as[who]!, { object: 'opportunity', values: { name: `${who}'s deal`, account: accountId, amount: 1000, closeDate: '2030-01-01', ...values } });
  const ids = (page: { records: Record<string, unknown>[] }) => page.records.map((r) => r.id).sort();

  beforeAll(async () => {
    f = await openReadFixture((pkg) => {
      // reps update deals under a million; auditors read every deal but not its amount, nor accounts' names
      const rep = pkg.roles.find((r) => r.id === 'accountExecutive')!.grants.find((g) => g.object === 'opportunity')!;
      rep.actions.update!.condition = `(${rep.actions.update!.condition}) && amount < 1000000.0`;
      pkg.roles.push({
        id: 'auditor',
        label: name('Auditor'),
        grants: [
          { object: 'opportunity', actions: { read: { scope: 'all' }, export: { scope: 'all' }, create: { scope: 'all' }, import: { scope: 'all' } }, fieldAccess: { fields: { amount: 'hidden' } } },
          { object: 'account', actions: { read: { scope: 'all' } }, fieldAccess: { fields: { name: 'hidden' } } },
        ],
      });
    });
    units.hq = (await createOrgUnit(f.ctx, { code: 'hq', name: name('HQ') })).id;
    units.east = (await createOrgUnit(f.ctx, { code: 'east', name: name('East'), parentId: units.hq })).id;
    units.east1 = (await createOrgUnit(f.ctx, { code: 'east-1', name: name('East 1'), parentId: units.east })).id;
    units.west = (await createOrgUnit(f.ctx, { code: 'west', name: name('West'), parentId: units.hq })).id;
    await user('ann', 'east1', 'accountExecutive');
    await user('bob', 'east1', 'accountExecutive');
    await user('wes', 'west', 'accountExecutive');
    await user('meg', 'east', 'salesManager');
    await user('nobody', 'east');
    await user('aud', 'hq', 'auditor');
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

  it('checks writes on the record as it is and as it would become, and field by field', async () => {
    const open = await deal('ann', { name: 'Open deal' });
    const bobs = await deal('bob');
    const moved = await updateRecord(as.ann!, { object: 'opportunity', id: open.id as string, rowVersion: 1, values: { amount: 5000 } });
    expect(moved.amount).toBe(5000);
    // a rep updates deals under a million (this test's rule): this change would take it out of that
    expect(await refusal(updateRecord(as.ann!, { object: 'opportunity', id: open.id as string, rowVersion: 2, values: { amount: 2_000_000 } }))).toEqual({ status: 403, code: 'access.denied', pointer: '/values' });
    // stage is read-only for reps (the process moves it): refused at the field, nothing written
    expect(await refusal(updateRecord(as.ann!, { object: 'opportunity', id: open.id as string, rowVersion: 2, values: { amount: 7, stage: 'won' } }))).toEqual({ status: 403, code: 'access.field-read-only', pointer: '/values/stage' });
    expect(await refusal(createRecord(as.ann!, { object: 'opportunity', values: { name: 'Late deal', account: accountId, amount: 1, closeDate: '2030-01-01', probability: 0.9 } }))).toEqual({ status: 403, code: 'access.field-read-only', pointer: '/values/probability' });
    expect((await getRecord(as.ann!, { object: 'opportunity', id: open.id as string })).amount).toBe(5000);
    // not theirs: 404 whatever the row version says
    expect(await refusal(updateRecord(as.ann!, { object: 'opportunity', id: bobs.id as string, rowVersion: 99, values: { amount: 1 } }))).toMatchObject({ status: 404 });
    expect(await refusal(deleteRecord(as.ann!, { object: 'opportunity', id: bobs.id as string }))).toMatchObject({ status: 404 });
    // readable (the manager's unit and below) but deletable only by the owner while in "qualify"
    expect(await refusal(deleteRecord(as.meg!, { object: 'opportunity', id: bobs.id as string }))).toEqual({ status: 403, code: 'access.denied', pointer: '/id' });
    expect((await deleteRecord(as.bob!, { object: 'opportunity', id: bobs.id as string })).deletedAt).not.toBeNull();
    // a manager updates what reps of the unit own, stage included
    expect((await updateRecord(as.meg!, { object: 'opportunity', id: open.id as string, rowVersion: 2, values: { stage: 'won' } })).stage).toBe('won');
    // won, the deal is out of what the rep may update: refused on the record as it is
    expect(await refusal(updateRecord(as.ann!, { object: 'opportunity', id: open.id as string, rowVersion: 3, values: { amount: 6 } }))).toEqual({ status: 403, code: 'access.denied', pointer: '/id' });
  });

  it('keeps hidden fields on the server: not returned, exported, searched or titled, and no filter, sort or grouping by them', async () => {
    const [account] = await f.insert('account', [{ name: 'Zenith Secret Holdings', accountType: 'customer', orgUnit: units.west }]);
    const audited = await createRecord(f.ctx, { object: 'opportunity', values: { name: 'Audited deal', account, amount: 4321, closeDate: '2030-01-01' } });
    await updateRecord(f.ctx, { object: 'opportunity', id: audited.id as string, rowVersion: 1, values: { amount: 5432, name: 'Audited deal 2' } });
    const id = audited.id as string;
    const got = await getRecord(as.aud!, { object: 'opportunity', id });
    expect(got).not.toHaveProperty('amount');
    expect(got.name).toBe('Audited deal 2');
    expect((got._titles as Record<string, string>).account).toBe(account); // the account's name is hidden: the id stands in
    const page = await listRecords(as.aud!, { object: 'opportunity', filter: 'name == "Audited deal 2"' });
    expect(page.records.map((r) => r.id)).toEqual([id]);
    expect(page.records[0]).not.toHaveProperty('amount');
    expect(await refusal(listRecords(as.aud!, { object: 'opportunity', filter: 'amount > 5000.0' }))).toEqual({ status: 403, code: 'access.field-hidden', pointer: '/filter' });
    expect(await refusal(listRecords(as.aud!, { object: 'opportunity', sort: [{ field: 'name' }, { field: 'amount' }] }))).toEqual({ status: 403, code: 'access.field-hidden', pointer: '/sort/1/field' });
    expect(await refusal(listRecords(as.aud!, { object: 'opportunity', fields: ['name', 'amount'] }))).toEqual({ status: 403, code: 'access.field-hidden', pointer: '/fields/1' });
    expect(await refusal(aggregateRecords(as.aud!, { object: 'opportunity', groupBy: ['amount'], measures: [{ fn: 'count' }] }))).toEqual({ status: 403, code: 'access.field-hidden', pointer: '/groupBy/0' });
    expect(await refusal(aggregateRecords(as.aud!, { object: 'opportunity', groupBy: [], measures: [{ fn: 'sum', field: 'amount' }] }))).toEqual({ status: 403, code: 'access.field-hidden', pointer: '/measures/0/field' });
    // the history shows the name change, not the amount's
    const history = await recordHistory(as.aud!, { object: 'opportunity', id });
    expect(history.flatMap((h) => Object.keys(h.changes))).toContain('name');
    expect(history.flatMap((h) => Object.keys(h.changes))).not.toContain('amount');
    // search finds the account by its name for someone who sees it, not for the auditor
    expect((await searchRecords(f.userCtx, { q: 'Zenith', objects: ['account'] })).map((h) => h.id)).toEqual([account]);
    expect(await searchRecords(as.aud!, { q: 'Zenith', objects: ['account'] })).toEqual([]);
    // export: the hidden column is not in the file, and asking for it is refused
    const chunks: string[] = [];
    for await (const chunk of await exportRecords(as.aud!, { object: 'opportunity', filter: 'name == "Audited deal 2"' })) chunks.push(chunk);
    const [header, row] = chunks.join('').trim().split(/\r?\n/);
    expect(header!.split(',')).not.toContain('amount');
    expect(row).not.toContain('5432');
    expect(await refusal(exportRecords(as.aud!, { object: 'opportunity', fields: ['amount'] }))).toMatchObject({ status: 403, code: 'access.field-hidden' });
    // writes to a hidden field are refused at the field, in the import's header too
    expect(await refusal(createRecord(as.aud!, { object: 'opportunity', values: { name: 'x', account, amount: 1, closeDate: '2030-01-01' } }))).toEqual({ status: 403, code: 'access.field-read-only', pointer: '/values/amount' });
    const csv = () => Readable.from([Buffer.from('name,account,amount,closeDate\nImported,Acme,5,2030-01-01\n')]);
    const report = await importRecords(as.aud!, { object: 'opportunity', source: csv });
    expect(report.errors).toMatchObject([{ row: 1, column: 'amount', code: 'access.field-read-only' }]);
    expect(report.created).toBe(0);
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
