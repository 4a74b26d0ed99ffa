import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@mainline/db';
import type { ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { withFullAccessRole } from '../../testing/access-fixtures.ts';
import { publish } from '../config/publish.ts';
import { OperationError } from '../../errors.ts';
import { assignRole } from '../org/assign-role.ts';
import { createOrgUnit } from '../org/create-org-unit.ts';
import { createUser } from '../org/create-user.ts';
import { openReadFixture, type ReadFixture } from '../records/read-test-fixtures.ts';
import { explainAccess } from './explain-access.ts';

const name = (en: string) => ({ en, 'zh-CN': en });

describe(`explainAccess (${testEngine()})`, () => {
  let f: ReadFixture;
  let east: string;
  let eastBranch: string;
  let west: string;
  let managerId: string;

  beforeAll(async () => {
    f = await openReadFixture();
    const root = await createOrgUnit(f.ctx, { code: 'hq', name: name('HQ') });
    east = (await createOrgUnit(f.ctx, { code: 'east', name: name('East'), parentId: root.id })).id;
    eastBranch = (await createOrgUnit(f.ctx, { code: 'east-1', name: name('East 1'), parentId: east })).id;
    west = (await createOrgUnit(f.ctx, { code: 'west', name: name('West'), parentId: root.id })).id;
    const manager = await createUser(f.ctx, { username: 'mgr', displayName: 'Manager', orgUnitId: east, password: 'correct horse battery 9' });
    managerId = manager.id;
    await assignRole(f.ctx, { userId: managerId, roleId: 'salesManager', orgUnitId: east });
  });

  afterAll(async () => {
    await f?.database.close();
  });

  it('lists the rules of every action with the inherited grants, and the field access', async () => {
    const e = await explainAccess(f.ctx, { user: 'MGR', object: 'opportunity' });
    expect(e.user).toEqual({ id: managerId, username: 'mgr', orgUnitId: east });
    expect(e.roles).toEqual([{ roleId: 'salesManager', orgUnitId: east }]);
    const read = e.actions.find((a) => a.action === 'read')!;
    expect(read.allowed).toBe(true);
    expect(read.rules.map((r) => [r.grantedBy, r.scope])).toEqual([
      ['salesManager', 'unitAndBelow'],
      ['accountExecutive', 'own'],
    ]);
    expect(e.actions.find((a) => a.action === 'import')).toEqual({ action: 'import', allowed: false, rules: [] });
    expect(e.fields.find((x) => x.field === 'amount')).toEqual({ field: 'amount', access: 'edit', roles: ['salesManager'] });
  });

  it('decides on a record: in the subtree and allowed, out of it and denied, with the condition of each rule', async () => {
    const [inBranch, elsewhere] = await f.insert('opportunity', [
      { name: 'Branch deal', stage: 'won', orgUnit: eastBranch, owner: managerId },
      { name: 'West deal', stage: 'qualify', orgUnit: west },
    ]);
    const branch = await explainAccess(f.ctx, { user: managerId, object: 'opportunity', record: inBranch });
    expect(branch.actions.find((a) => a.action === 'read')!.allowed).toBe(true);
    const update = branch.actions.find((a) => a.action === 'update')!;
    // the manager's own grant allows; the inherited "own" one is in scope but its condition (not won or lost) fails
    expect(update.rules.map((r) => [r.grantedBy, r.inScope, r.conditionHolds, r.allows])).toEqual([
      ['salesManager', true, null, true],
      ['accountExecutive', true, false, false],
    ]);
    const outside = await explainAccess(f.ctx, { user: 'mgr', object: 'opportunity', record: elsewhere });
    expect(outside.actions.find((a) => a.action === 'read')).toMatchObject({ allowed: false, rules: [{ inScope: false, allows: false }, { inScope: false, allows: false }] });
  });

  it('is for admins and analysts only, and says what it could not find', async () => {
    const plain = { ...f.userCtx, actor: { ...f.userCtx.actor, permissions: [] } };
    await expect(explainAccess(plain, { user: 'mgr', object: 'opportunity' })).rejects.toMatchObject({ status: 403 });
    const analyst = { ...f.userCtx, actor: { ...f.userCtx.actor, permissions: ['editDrafts' as const] } };
    await expect(explainAccess(analyst, { user: 'mgr', object: 'opportunity' })).resolves.toMatchObject({ object: 'opportunity' });
    const unknown = await explainAccess(f.ctx, { user: 'nobody', object: 'opportunity' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OperationError);
    expect(unknown).toMatchObject({ status: 404, code: 'access.user-unknown' });
    await expect(explainAccess(f.ctx, { user: 'mgr', object: 'nothing' })).rejects.toMatchObject({ status: 404 });
    await expect(explainAccess(f.ctx, { user: 'mgr', object: 'opportunity', record: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ status: 404 });
  });

  it("explains in the version the user works in: a pilot unit's, not the caller's", async () => {
    const pilot = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
    delete pilot.roles.find((r) => r.id === 'salesManager')!.grants.find((g) => g.object === 'opportunity')!.actions.export;
    const published = await publish(f.ctx, { package: withFullAccessRole(pilot), to: { units: [west] }, message: 'managers stop exporting deals (west pilot)' });
    const westManager = await createUser(f.ctx, { username: 'wmgr', displayName: 'West manager', orgUnitId: west, password: 'correct horse battery 9' });
    await assignRole(f.ctx, { userId: westManager.id, roleId: 'salesManager', orgUnitId: west });
    const inPilot = await explainAccess(f.ctx, { user: 'wmgr', object: 'opportunity' });
    expect(inPilot.versionId).toBe(published.versionId);
    expect(inPilot.actions.find((a) => a.action === 'export')!.allowed).toBe(false);
    const elsewhere = await explainAccess(f.ctx, { user: 'mgr', object: 'opportunity' });
    expect(elsewhere.versionId).not.toBe(published.versionId);
    expect(elsewhere.actions.find((a) => a.action === 'export')!.allowed).toBe(true);
  });
});
