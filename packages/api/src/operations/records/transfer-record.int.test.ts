import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, testEngine } from '@mainline/db';
import type { OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { assignRole } from '../org/assign-role.ts';
import { createOrgUnit } from '../org/create-org-unit.ts';
import { createUser } from '../org/create-user.ts';
import { disableUser } from '../org/disable-user.ts';
import { retireOrgUnit } from '../org/retire-org-unit.ts';
import { bulkUpdateRecords } from './bulk-update-records.ts';
import { getRecord } from './get-record.ts';
import { importRecords } from './import/import-records.ts';
import { openReadFixture, type ReadFixture } from './read-test-fixtures.ts';
import { recordHistory } from './record-history.ts';
import { transferRecord } from './transfer-record.ts';
import { updateRecord } from './update-record.ts';

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

// complex sales: salesManager may transfer leads, accounts and opportunities of its unit and below;
// accountExecutive may not transfer at all; the test role deskClerk reads every opportunity and
// transfers those of its unit that are still in "qualify".
describe(`transferRecord (${testEngine()})`, () => {
  let f: ReadFixture;
  const units: Record<string, string> = {};
  const users: Record<string, string> = {};
  const as: Record<string, OperationContext> = {};
  let accountId: string;

  const user = async (username: string, unit: string, role?: string) => {
    const created = await createUser(f.ctx, { username, displayName: username, orgUnitId: units[unit]!, password: 'correct horse battery 9' });
    if (role) await assignRole(f.ctx, { userId: created.id, roleId: role, orgUnitId: units[unit]! });
    users[username] = created.id;
    as[username] = { database: f.database, actor: { userId: created.id, username, permissions: [], via: 'session', orgUnitId: units[unit]! } };
  };
  const deal = async (owner: string, unit: string, values: Record<string, unknown> = {}) => {
    const [id] = await f.insert('opportunity', [{ name: `${owner}'s deal`, account: accountId, stage: 'qualify', probability: 0.1, amount: 1000, closeDate: '2030-01-01', owner: users[owner], orgUnit: units[unit], ...values }]);
    return id!;
  };
  const ownership = async (id: string) => {
    const record = await getRecord(f.ctx, { object: 'opportunity', id });
    return { owner: record.owner, orgUnit: record.orgUnit, rowVersion: record.rowVersion };
  };

  beforeAll(async () => {
    f = await openReadFixture((pkg) => {
      pkg.roles.push({ id: 'deskClerk', label: name('Desk clerk'), grants: [{ object: 'opportunity', actions: { read: { scope: 'all' }, transfer: { scope: 'unit', condition: 'stage == "qualify"' } } }] });
    });
    units.hq = (await createOrgUnit(f.ctx, { code: 'hq', name: name('HQ') })).id;
    units.east = (await createOrgUnit(f.ctx, { code: 'east', name: name('East'), parentId: units.hq })).id;
    units.east1 = (await createOrgUnit(f.ctx, { code: 'east-1', name: name('East 1'), parentId: units.east })).id;
    units.west = (await createOrgUnit(f.ctx, { code: 'west', name: name('West'), parentId: units.hq })).id;
    units.closed = (await createOrgUnit(f.ctx, { code: 'closed', name: name('Closed'), parentId: units.hq })).id;
    await retireOrgUnit(f.ctx, { unitId: units.closed });
    await user('ann', 'east1', 'accountExecutive');
    await user('bob', 'east1', 'accountExecutive');
    await user('wes', 'west', 'accountExecutive');
    await user('meg', 'east', 'salesManager');
    await user('cleo', 'east1', 'deskClerk');
    await user('gone', 'east1');
    await disableUser(f.ctx, { userId: users.gone! });
    [accountId] = (await f.insert('account', [{ name: 'Acme', accountType: 'customer', orgUnit: units.east1 }])) as [string];
  });
  afterAll(async () => {
    await f?.database.close();
  });

  it('gives a record to another owner and unit: row version bumped, audited as record.transfer', async () => {
    const id = await deal('ann', 'east1');
    const moved = await transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, owner: users.bob, orgUnit: units.east });
    expect(moved).toMatchObject({ id, owner: users.bob, orgUnit: units.east, rowVersion: 2, updatedBy: users.meg, name: "ann's deal" });
    expect(await ownership(id)).toEqual({ owner: users.bob, orgUnit: units.east, rowVersion: 2 });
    const [entry] = await recordHistory(f.ctx, { object: 'opportunity', id });
    expect(entry).toMatchObject({ action: 'record.transfer', actorId: users.meg, changes: { owner: { before: users.ann, after: users.bob }, orgUnit: { before: units.east1, after: units.east } } });
    // only the owner: the unit stays, and the audit entry says only what changed
    const again = await transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 2, owner: users.ann });
    expect(again).toMatchObject({ owner: users.ann, orgUnit: units.east, rowVersion: 3 });
    expect((await recordHistory(f.ctx, { object: 'opportunity', id }))[0]!.changes).toEqual({ owner: { before: users.bob, after: users.ann } });
    // to where it already is: nothing written
    expect(await transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 3, owner: users.ann, orgUnit: units.east })).toMatchObject({ rowVersion: 3 });
    expect(await recordHistory(f.ctx, { object: 'opportunity', id })).toHaveLength(2);
  });

  it('may give a record away out of the caller\'s own scope; afterwards it is gone for them', async () => {
    const id = await deal('ann', 'east1');
    expect(await transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, owner: users.wes, orgUnit: units.west })).toMatchObject({ owner: users.wes, orgUnit: units.west });
    expect(await refusal(getRecord(as.meg!, { object: 'opportunity', id }))).toMatchObject({ status: 404 });
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 2, owner: users.ann }))).toMatchObject({ status: 404, code: 'records.not-found' });
  });

  it('needs the transfer grant, and its rules must allow the record as it is', async () => {
    const id = await deal('ann', 'east1');
    // the owner without a transfer grant: refused before the record is read
    expect(await refusal(transferRecord(as.ann!, { object: 'opportunity', id, rowVersion: 1, owner: users.bob }))).toMatchObject({ status: 403, code: 'access.denied' });
    // a record the caller may not read does not exist for them, whatever the row version
    const west = await deal('wes', 'west');
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id: west, rowVersion: 99, owner: users.bob }))).toMatchObject({ status: 404, code: 'records.not-found', problems: ['/id records.not-found'] });
    // readable but outside the transfer rules: out of the unit, or the condition false
    expect(await refusal(transferRecord(as.cleo!, { object: 'opportunity', id: west, rowVersion: 1, owner: users.bob }))).toEqual({ status: 403, code: 'access.denied', problems: ['/id access.denied'] });
    const won = await deal('ann', 'east1', { stage: 'won', probability: 1 });
    expect(await refusal(transferRecord(as.cleo!, { object: 'opportunity', id: won, rowVersion: 1, owner: users.bob }))).toEqual({ status: 403, code: 'access.denied', problems: ['/id access.denied'] });
    expect(await transferRecord(as.cleo!, { object: 'opportunity', id, rowVersion: 1, owner: users.bob })).toMatchObject({ owner: users.bob });
    expect((await ownership(won)).owner).toBe(users.ann);
  });

  it('refuses a new owner who is not an active user and a retired or unknown unit: 422 at the field, nothing written', async () => {
    const id = await deal('ann', 'east1');
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, owner: users.gone }))).toEqual({ status: 422, code: 'records.invalid', problems: ['/owner records.owner-inactive'] });
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, owner: 'not-a-user', orgUnit: units.closed }))).toEqual({
      status: 422,
      code: 'records.invalid',
      problems: ['/owner records.owner-inactive', '/orgUnit records.org-unit-inactive'],
    });
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, orgUnit: '00000000-0000-4000-8000-000000000000' }))).toMatchObject({ status: 422, problems: ['/orgUnit records.org-unit-inactive'] });
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1 }))).toEqual({ status: 422, code: 'records.invalid', problems: [' records.transfer.nothing'] });
    expect(await refusal(transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: '1' as unknown as number, owner: users.bob }))).toMatchObject({ status: 422, problems: ['/rowVersion records.row-version.type'] });
    expect(await ownership(id)).toEqual({ owner: users.ann, orgUnit: units.east1, rowVersion: 1 });
    expect(await f.database.db.select().from(auditLog).where(and(eq(auditLog.recordId, id), eq(auditLog.action, 'record.transfer')))).toEqual([]);
  });

  it('answers 409 records.conflict to a stale row version and changes nothing', async () => {
    const id = await deal('ann', 'east1');
    await transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, orgUnit: units.east });
    const stale = await transferRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, owner: users.bob }).catch((e: unknown) => e);
    expect(stale).toMatchObject({ status: 409, code: 'records.conflict', details: { rowVersion: 2 } });
    expect(await ownership(id)).toEqual({ owner: users.ann, orgUnit: units.east, rowVersion: 2 });
  });

  it('is not limited on the command line', async () => {
    const id = await deal('wes', 'west');
    expect(await transferRecord(f.ctx, { object: 'opportunity', id, rowVersion: 1, owner: users.ann, orgUnit: units.east1 })).toMatchObject({ owner: users.ann, orgUnit: units.east1, updatedBy: null });
    expect((await recordHistory(f.ctx, { object: 'opportunity', id }))[0]).toMatchObject({ action: 'record.transfer', actorId: null, actor: 'test' });
  });

  it('is the only way to change owner and orgUnit: update, bulk update and import refuse them as read-only', async () => {
    const id = await deal('ann', 'east1');
    expect(await refusal(updateRecord(as.meg!, { object: 'opportunity', id, rowVersion: 1, values: { owner: users.bob, orgUnit: units.east } }))).toMatchObject({
      status: 422,
      problems: ['/values/owner records.field.read-only', '/values/orgUnit records.field.read-only'],
    });
    expect(await refusal(updateRecord(f.ctx, { object: 'opportunity', id, rowVersion: 1, values: { owner: users.bob } }))).toMatchObject({ status: 422, problems: ['/values/owner records.field.read-only'] });
    expect(await refusal(bulkUpdateRecords(f.ctx, { object: 'opportunity', filter: 'true', values: { orgUnit: units.west } }))).toMatchObject({ status: 422, problems: ['/values/orgUnit records.field.read-only'] });
    const csv = () => Readable.from([Buffer.from(`name,account,stage,probability,amount,closeDate,owner,orgUnit\nImported,${accountId},qualify,0.1,5,2030-01-01,${users.bob},${units.west}\n`)]);
    const report = await importRecords(f.ctx, { object: 'opportunity', source: csv });
    expect(report).toMatchObject({ ok: false, created: 0 });
    expect(report.errors.map((e) => `${e.row} ${e.column} ${e.code}`)).toEqual(['1 owner records.field.read-only', '1 orgUnit records.field.read-only']);
    expect(await ownership(id)).toEqual({ owner: users.ann, orgUnit: units.east1, rowVersion: 1 });
  });
});
