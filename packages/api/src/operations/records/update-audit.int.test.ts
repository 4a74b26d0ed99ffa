import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../context.ts';
import { publish } from '../config/publish.ts';
import { withFullAccessRole } from '../../testing/access-fixtures.ts';
import { createRecord } from './create-record.ts';
import { applyUpdate } from './lib/apply-update.ts';
import { fieldChanges } from './lib/audit-record.ts';
import { lockRecord } from './lib/record-rows.ts';
import { recordTarget } from './lib/record-target.ts';

describe(`an update's audit entry, written by the update's own statement (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;

  beforeAll(async () => {
    database = await openTestDatabase();
    ctx = { database, actor: cliActor('test') };
    await publish(ctx, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
  });
  afterAll(() => database.close());

  const entries = (id: string) => database.rows<{ changes: unknown; details: Record<string, unknown> }>(sql`SELECT changes, details FROM audit_log WHERE record_id = ${id}::uuid AND action = 'record.update' ORDER BY id`);

  it('holds the changes between the record before and as stored, and the writes sent alongside are made in the same statement', async () => {
    const acme = await createRecord(ctx, { object: 'account', values: { name: 'Acme', annualRevenue: 100 } });
    const target = await recordTarget(ctx, 'account');
    const after = await database.db.transaction(async (tx) => {
      const { deletedAt: _deletedAt, ...before } = await lockRecord(ctx, tx, target, acme.id);
      const alongside = [sql`INSERT INTO notifications (user_id, message) VALUES (gen_random_uuid(), '{"en":"with the update","zh-CN":"随更新"}'::jsonb)`];
      return applyUpdate(ctx, tx, target, before, { annualRevenue: 250.5 }, { now: new Date(), action: 'record.update', details: { why: 'test' }, alongside });
    });
    expect(after).toMatchObject({ annualRevenue: 250.5, rowVersion: 2 });
    expect(await entries(acme.id as string)).toEqual([{ changes: { annualRevenue: { before: 100, after: 250.5 } }, details: { by: 'test', via: 'cli', why: 'test' } }]);
    expect(await database.rows(sql`SELECT 1 FROM notifications WHERE message->>'en' = 'with the update'`)).toHaveLength(1);
  });

  it('is corrected to the stored row when that differs from the record the write was prepared on', async () => {
    const acme = await createRecord(ctx, { object: 'account', values: { name: 'Acme stored', annualRevenue: 100 } });
    const target = await recordTarget(ctx, 'account');
    const { before, after } = await database.db.transaction(async (tx) => {
      const { deletedAt: _deletedAt, ...locked } = await lockRecord(ctx, tx, target, acme.id);
      // a `before` whose name is not the stored one: the prepared record carries it, the database does not
      const before = { ...locked, name: 'Acme as the caller saw it' };
      return { before, after: await applyUpdate(ctx, tx, target, before, { annualRevenue: 300 }, { now: new Date(), action: 'record.update' }) };
    });
    expect(after.name).toBe('Acme stored');
    const [entry] = await entries(acme.id as string);
    expect(entry!.changes).toEqual(fieldChanges(target, before, after));
    expect(entry!.changes).toEqual({ name: { before: 'Acme as the caller saw it', after: 'Acme stored' }, annualRevenue: { before: 100, after: 300 } });
  });

  it('writes no entry when the row version moved on (409)', async () => {
    const acme = await createRecord(ctx, { object: 'account', values: { name: 'Acme raced' } });
    const target = await recordTarget(ctx, 'account');
    await expect(
      database.db.transaction(async (tx) => {
        const { deletedAt: _deletedAt, ...before } = await lockRecord(ctx, tx, target, acme.id);
        return applyUpdate(ctx, tx, target, { ...before, rowVersion: 7 }, { annualRevenue: 1 }, { now: new Date(), action: 'record.update' });
      }),
    ).rejects.toMatchObject({ status: 409, code: 'records.conflict' });
    expect(await entries(acme.id as string)).toEqual([]);
  });
});
