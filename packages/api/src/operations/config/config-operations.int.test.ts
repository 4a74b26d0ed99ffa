import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import type { ConfigPackage, Field } from '@mainline/model';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationError } from '../../errors.ts';
import { diffVersions, extendRollout, getVersion, listVersions, planPublish, promoteRollout, publish, purge, rollback, type ConfigChangeResult } from './index.ts';
import { configTestContext } from './lib/test-context.ts';

const label = (en: string) => ({ en, 'zh-CN': en });
const fieldOf = (id: string, type: Field['type'], extra: object = {}) => ({ id, type, label: label(id), ...extra }) as Field;
const pkg = (fields: Field[]): ConfigPackage => ({ id: 'ops', name: label('Ops'), objects: [{ id: 'deal', label: label('Deal'), titleField: 'title', fields }], roles: [], processes: [], views: [] });
const v1 = pkg([fieldOf('title', 'text'), fieldOf('amount', 'text'), fieldOf('notes', 'longText')]);
const v2 = pkg([fieldOf('title', 'text'), fieldOf('amount', 'text'), fieldOf('region', 'text', { indexed: true })]);
const typeChange = pkg([fieldOf('title', 'text'), fieldOf('amount', 'currency'), fieldOf('region', 'text', { indexed: true })]);

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

describe(`config operations (${testEngine()})`, () => {
  let database: TestDatabase;
  let pilotUnit: string;
  const ctx = () => configTestContext(database);
  beforeAll(async () => {
    database = await openTestDatabase();
    const [unit] = await database.rows<{ id: string }>(sql`INSERT INTO org_units (code, name, path) VALUES ('hq', '{"en":"HQ"}', '') RETURNING id::text AS id`);
    pilotUnit = unit!.id;
    await database.db.execute(sql`UPDATE org_units SET path = '/' || id || '/' WHERE id = ${pilotUnit}`);
  });
  afterAll(() => database.close());

  it('need the platform permission publish', async () => {
    const editor = configTestContext(database, ['editDrafts']);
    for (const call of [
      planPublish(editor, { package: v1 }),
      publish(editor, { package: v1 }),
      extendRollout(editor, { versionId: 1, units: [pilotUnit] }),
      promoteRollout(editor, { versionId: 1 }),
      rollback(editor),
      purge(editor, { object: 'deal', field: 'notes', confirm: true }),
    ]) {
      expect(await failure(call)).toMatchObject({ status: 403, code: 'auth.forbidden' });
    }
  });

  it('let editors and publishers read versions, and nobody else', async () => {
    expect(await listVersions(configTestContext(database, ['editDrafts']))).toMatchObject({ versions: [] });
    const nobody = configTestContext(database, ['manageUsers']);
    for (const call of [listVersions(nobody), getVersion(nobody, { versionId: 1 }), diffVersions(nobody, { to: 1 })]) {
      expect(await failure(call)).toMatchObject({ status: 403, code: 'auth.forbidden', message: 'This needs one of the platform permissions "editDrafts", "publish".' });
    }
  });

  it('never publish a package that fails validation, and return its diagnostics', async () => {
    const broken = { ...v1, objects: [{ ...v1.objects[0]!, titleField: 'missing' }] };
    const error = await failure(publish(ctx(), { package: broken }));
    expect(error).toMatchObject({ status: 422, code: 'config.package.invalid' });
    expect(error.problems[0]).toMatchObject({ pointer: '/objects/0/titleField' });
    expect(await database.rows(sql`SELECT id FROM config_versions`)).toEqual([]);
  });

  it('plan, then publish what the plan showed', async () => {
    const preview = await planPublish(ctx(), { package: v1 });
    expect(preview).toMatchObject({ canPublish: true, check: { ok: true } });
    expect('package' in preview.plan).toBe(false);
    const result = (await publish(ctx(), { package: v1, message: 'first', expectedStateToken: preview.plan.stateToken })) as ConfigChangeResult;
    expect(result).toMatchObject({ applied: true, versionId: 1, assignments: { '*': 1 }, message: { en: 'Version 1 is in force for the whole organisation.' } });
    const again = await publish(ctx(), { package: structuredClone(v1) });
    expect(again).toMatchObject({ applied: false, versionId: null, message: { en: expect.stringContaining('identical to version 1') } });
  });

  it('refuse a stale plan', async () => {
    const preview = await planPublish(ctx(), { package: v2 });
    await database.db.execute(sql`INSERT INTO rec.deal (title, amount) VALUES ('Big', 'lots')`);
    await publish(ctx(), { package: v2, to: { units: [pilotUnit] } });
    expect(await failure(publish(ctx(), { package: typeChange, expectedStateToken: preview.plan.stateToken }))).toMatchObject({ status: 409, code: 'config.publish.stale-plan' });
  });

  it('refuse a pilot that cannot coexist, and unsafe steps, pointing at the field', async () => {
    expect(await failure(publish(ctx(), { package: typeChange, to: { units: [pilotUnit] } }))).toMatchObject({ status: 409, code: 'config.publish.blocked', problems: [{ code: 'publish.pilot.cannot-coexist' }] });
    const refused = await failure(publish(ctx(), { package: typeChange }));
    expect(refused).toMatchObject({ status: 409, code: 'config.publish.refused', problems: [{ pointer: '/objects/0/fields/1', code: 'publish.check.type-change' }] });
    expect(refused.message).toContain('1 record(s) hold values that cannot become numeric');
    expect(await failure(publish(ctx(), { package: v2, to: { units: ['not-a-unit'] } }))).toMatchObject({ status: 422, code: 'config.rollout.unknown-unit' });
  });

  it('extend, promote and roll back, with dry runs that change nothing', async () => {
    const dry = await extendRollout(ctx(), { versionId: 1, units: [pilotUnit], dryRun: true });
    expect(dry).toMatchObject({ plan: { kind: 'extend', assignments: { after: { '*': 1, [pilotUnit]: 1 } } } });
    expect(await promoteRollout(ctx(), { versionId: 2 })).toMatchObject({ applied: true, assignments: { '*': 2 } });
    expect(await rollback(ctx(), { dryRun: true })).toMatchObject({ plan: { kind: 'rollback', assignments: { after: { '*': 1, [pilotUnit]: 2 } } } });
    expect(await rollback(ctx())).toMatchObject({ assignments: { '*': 1, [pilotUnit]: 2 } });
    expect(await extendRollout(ctx(), { versionId: 2, units: [pilotUnit] })).toMatchObject({ applied: true });
    expect(await failure(promoteRollout(ctx(), { versionId: 99 }))).toMatchObject({ status: 404, code: 'config.rollout.unknown-version' });
  });

  it('list versions with where they are in force, and diff two of them', async () => {
    const list = await listVersions(ctx());
    expect(list.versions.map((v) => [v.id, v.message, v.inForce])).toEqual([
      [2, '', { organisation: false, units: [pilotUnit] }],
      [1, 'first', { organisation: true, units: [] }],
    ]);
    expect(list.versions[1]!.objects).toEqual([{ objectId: 'deal', change: 'added' }]);
    const diff = await diffVersions(ctx(), { to: 2 });
    expect(diff).toMatchObject({ from: 1, to: 2 });
    expect(diff.changes.objects[0]!.fields.map((f) => [f.fieldId, f.change])).toEqual([['region', 'added'], ['notes', 'retired']]);
    expect(await failure(diffVersions(ctx(), { to: 7 }))).toMatchObject({ status: 404 });
  });

  it('purge only with confirmation, showing what would be lost first', async () => {
    await promoteRollout(ctx(), { versionId: 2 });
    const asked = await failure(purge(ctx(), { object: 'deal', field: 'notes' }));
    expect(asked).toMatchObject({ status: 409, code: 'config.purge.confirmation-required', details: { preview: { kind: 'columns', columns: ['notes'], rows: 1, values: 0 } } });
    expect(await purge(ctx(), { object: 'deal', field: 'notes', confirm: true })).toMatchObject({ columns: ['notes'] });
    expect(await failure(purge(ctx(), { object: 'deal', field: 'title', confirm: true }))).toMatchObject({ status: 409, code: 'config.purge.in-force' });
  });
});
