import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, recordTableSql, testEngine, users, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { anonymousActor, cliActor, type OperationContext } from '../../context.ts';
import { OperationError } from '../../errors.ts';
import { publish } from '../config/publish.ts';
import { grantFullAccess, withFullAccessRole } from '../../testing/access-fixtures.ts';
import { bulkUpdateRecords } from './bulk-update-records.ts';
import { auditRetentionDays, purgeAuditOlderThan } from './purge-audit.ts';
import { createRecord } from './create-record.ts';
import { deleteRecord } from './delete-record.ts';
import { fieldChanges } from './lib/audit-record.ts';
import type { ApiRecord } from './lib/prepare-write.ts';
import { recordTarget } from './lib/record-target.ts';
import { recordHistory } from './record-history.ts';
import { restoreRecord } from './restore-record.ts';
import { updateRecord } from './update-record.ts';

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OperationError) return error;
    throw error;
  }
  throw new Error('expected the operation to fail');
}

describe(`writing records on complex sales (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;
  let userId: string;

  const count = async (objectId: string) => {
    const t = await recordTarget(ctx, objectId);
    const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(recordTableSql(t.mapped.table))}`);
    return row!.n;
  };
  const auditCount = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'record.%'`))[0]!.n;
  const account = (values: ApiRecord = {}) => createRecord(ctx, { object: 'account', values: { name: `Acme ${randomUUID().slice(0, 6)}`, ...values } });
  const opportunity = (accountId: string, values: ApiRecord = {}) =>
    createRecord(ctx, { object: 'opportunity', values: { name: 'Deal', account: accountId, amount: 1000, probability: 0.5, ...values } });

  beforeAll(async () => {
    database = await openTestDatabase();
    const [user] = await database.db.insert(users).values({ username: 'rep', displayName: 'Rep' }).returning({ id: users.id });
    userId = user!.id;
    ctx = { database, actor: { userId, username: 'rep', permissions: [], via: 'session', orgUnitId: null } };
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    await grantFullAccess(database, user!.id);
  });
  afterAll(() => database.close());

  it('creates a record in API form with defaults, an auto-number, owner and an audit entry', async () => {
    const created = await account({ taxId: '91310000MA1FL0000X', annualRevenue: 1234.5, accountManager: userId });
    expect(created).toMatchObject({ accountType: 'prospect', annualRevenue: 1234.5, owner: userId, createdBy: userId, rowVersion: 1, contactCount: 0, pipelineAmount: 0 });
    expect(created.accountNumber).toMatch(/^ACC-\d{6}$/);
    const history = await recordHistory(ctx, { object: 'account', id: created.id as string });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'record.create', actor: 'rep', changes: { accountType: { before: null, after: 'prospect' } } });
  });

  it('audits a create with exactly the changes of fieldChanges (numbers, dates, references; the entry is written by the insert itself)', async () => {
    const acme = await account({ annualRevenue: 1234.5, accountManager: userId });
    const created = await opportunity(acme.id as string, { amount: 2500.5, closeDate: '2030-01-15' });
    const [entry] = await database.rows<{ changes: unknown; details: unknown; actor_id: string; version_id: number }>(
      sql`SELECT changes, details, actor_id::text AS actor_id, version_id FROM audit_log WHERE record_id = ${created.id as string}::uuid`,
    );
    const target = await recordTarget(ctx, 'opportunity');
    expect(entry!.changes).toEqual(fieldChanges(target, null, created));
    expect(entry).toMatchObject({ details: { by: 'rep', via: 'session' }, actor_id: userId, version_id: target.version.id });
    const [accountEntry] = await database.rows<{ changes: Record<string, unknown> }>(sql`SELECT changes FROM audit_log WHERE record_id = ${acme.id as string}::uuid`);
    expect(accountEntry!.changes).toEqual(fieldChanges(await recordTarget(ctx, 'account'), null, acme));
  });

  it('collects every problem with its pointer and writes nothing', async () => {
    const [leads, audits] = [await count('lead'), await auditCount()];
    const error = await failure(
      createRecord(ctx, { object: 'lead', values: { projectName: 'x'.repeat(201), email: 'not-mail', mobile: 'call me', bantScore: 50, nonsense: 1, id: randomUUID(), source: 'tv', estimatedBudget: 1.234 } }),
    );
    expect(error.status).toBe(422);
    expect(error.code).toBe('records.invalid');
    const byPointer = Object.fromEntries(error.problems.map((p) => [p.pointer, p.code]));
    expect(byPointer).toMatchObject({
      '/values/projectName': 'records.value.too-long',
      '/values/email': 'records.value.email',
      '/values/mobile': 'records.value.phone',
      '/values/bantScore': 'records.field.read-only',
      '/values/nonsense': 'records.field.unknown',
      '/values/id': 'records.field.read-only',
      '/values/source': 'records.value.choice',
      '/values/estimatedBudget': 'records.value.scale',
      '/values/company': 'records.value.required',
      '/values/fullName': 'records.value.required',
    });
    expect([await count('lead'), await auditCount()]).toEqual([leads, audits]);
  });

  it('gives validation rule messages in the caller locale, and checks references and uniqueness', async () => {
    const acme = await account({ taxId: '91310000MA1FL0001X' });
    const zh: OperationContext = { ...ctx, locale: 'zh-CN' };
    const rule = await failure(createRecord(zh, { object: 'contact', values: { fullName: 'Li', account: acme.id } }));
    expect(rule.problems).toEqual([{ pointer: '/values', code: 'records.rule.reachable', message: '请至少填写一种联系方式。' }]);
    const missing = await failure(createRecord(ctx, { object: 'contact', values: { fullName: 'Li', account: randomUUID(), email: 'li@example.com', accountManager: 1 } }));
    expect(missing.problems.map((p) => [p.pointer, p.code])).toEqual([
      ['/values/accountManager', 'records.field.unknown'],
      ['/values/account', 'records.value.reference-missing'],
    ]);
    const noUser = await failure(account({ accountManager: randomUUID() }));
    expect(noUser.problems.map((p) => p.code)).toEqual(['records.value.user-missing']);
    const taken = await failure(account({ taxId: '91310000MA1FL0001X' }));
    expect(taken.problems).toEqual([{ pointer: '/values/taxId', code: 'records.value.unique', message: 'Another record already has this value.' }]);
    const deleted = await account();
    await deleteRecord(ctx, { object: 'account', id: deleted.id as string });
    const toDeleted = await failure(createRecord(ctx, { object: 'contact', values: { fullName: 'Li', account: deleted.id, email: 'li@example.com' } }));
    expect(toDeleted.problems.map((p) => p.code)).toEqual(['records.value.reference-missing']);
  });

  it('updates partially with optimistic concurrency, recomputing formulas', async () => {
    const acme = await account();
    const deal = await opportunity(acme.id as string);
    expect(deal.weightedAmount).toBe(500);
    const updated = await updateRecord(ctx, { object: 'opportunity', id: deal.id as string, rowVersion: 1, values: { probability: 0.25 } });
    expect(updated).toMatchObject({ rowVersion: 2, probability: 0.25, weightedAmount: 250, amount: 1000, name: 'Deal' });
    const stale = await failure(updateRecord(ctx, { object: 'opportunity', id: deal.id as string, rowVersion: 1, values: { amount: 1 } }));
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('records.conflict');
    expect(stale.details).toEqual({ rowVersion: 2 });
    const emptied = await failure(updateRecord(ctx, { object: 'opportunity', id: deal.id as string, rowVersion: 2, values: { amount: null, name: '' } }));
    expect(emptied.problems.map((p) => p.pointer).sort()).toEqual(['/values/amount', '/values/name']);
    const lost = await failure(updateRecord({ ...ctx, locale: 'zh-CN' }, { object: 'opportunity', id: deal.id as string, rowVersion: 2, values: { stage: 'lost' } }));
    expect(lost.problems[0]).toMatchObject({ code: 'records.rule.lostNeedsReason', message: '输单的商机必须填写输单原因。' });
    expect((await failure(updateRecord(ctx, { object: 'opportunity', id: randomUUID(), rowVersion: 1, values: {} }))).status).toBe(404);
    const history = await recordHistory(ctx, { object: 'opportunity', id: deal.id as string });
    expect(history.map((h) => h.action)).toEqual(['record.update', 'record.create']);
    expect(history[0]!.changes).toEqual({ probability: { before: 0.5, after: 0.25 }, weightedAmount: { before: 500, after: 250 } });
    // like every other read of one record: an id that never was a record is 404, not an empty timeline
    expect((await failure(recordHistory(ctx, { object: 'opportunity', id: randomUUID() }))).status).toBe(404);
    expect((await failure(recordHistory(ctx, { object: 'opportunity', id: 'not-an-id' }))).status).toBe(404);
  });

  it('keeps rollups right when children are created, changed, deleted, restored and re-parented', async () => {
    const a = await account();
    const b = await account();
    const get = async (id: unknown) => (await database.rows<ApiRecord>(sql`SELECT "openOpportunityCount"::int AS open, "pipelineAmount"::float8 AS pipeline, "wonAmount"::float8 AS won, to_char("lastWinDate", 'YYYY-MM-DD') AS "lastWin" FROM ${sql.raw(recordTableSql((await recordTarget(ctx, 'account')).mapped.table))} WHERE id = ${id as string}::uuid`))[0];
    const d1 = await opportunity(a.id as string, { amount: 100, closeDate: '2026-03-31' });
    const d2 = await opportunity(a.id as string, { amount: 50 });
    expect(await get(a.id)).toEqual({ open: 2, pipeline: 150, won: 0, lastWin: null });
    const won = await updateRecord(ctx, { object: 'opportunity', id: d1.id as string, rowVersion: 1, values: { stage: 'won' } });
    expect(await get(a.id)).toEqual({ open: 1, pipeline: 50, won: 100, lastWin: '2026-03-31' });
    await deleteRecord(ctx, { object: 'opportunity', id: d2.id as string, rowVersion: 1 });
    expect(await get(a.id)).toEqual({ open: 0, pipeline: 0, won: 100, lastWin: '2026-03-31' });
    await restoreRecord(ctx, { object: 'opportunity', id: d2.id as string });
    expect(await get(a.id)).toEqual({ open: 1, pipeline: 50, won: 100, lastWin: '2026-03-31' });
    await updateRecord(ctx, { object: 'opportunity', id: won.id as string, rowVersion: 2, values: { account: b.id } });
    expect(await get(a.id)).toEqual({ open: 1, pipeline: 50, won: 0, lastWin: null });
    expect(await get(b.id)).toEqual({ open: 0, pipeline: 0, won: 100, lastWin: '2026-03-31' });
  });

  it('carries rollups into formulas of the parent (quote lines → quote subtotal → total)', async () => {
    const acme = await account();
    const deal = await opportunity(acme.id as string);
    const quote = await createRecord(ctx, { object: 'quote', values: { name: 'Q', opportunity: deal.id, account: acme.id, discount: 0.1 } });
    expect(quote.quoteNumber).toMatch(/^Q-\d{4}-00001$/);
    const product = await createRecord(ctx, { object: 'product', values: { name: 'Platform', productCode: 'PL-001', family: 'platform', listPrice: 100 } });
    await createRecord(ctx, { object: 'quoteLine', values: { quote: quote.id, product: product.id, quantity: 2, unitPrice: 100, unitCost: 40 } });
    const [row] = await database.rows<ApiRecord>(sql`SELECT "subtotal"::float8 AS subtotal, "totalAmount"::float8 AS total, "margin" FROM ${sql.raw(recordTableSql((await recordTarget(ctx, 'quote')).mapped.table))} WHERE id = ${quote.id as string}::uuid`);
    expect(row).toEqual({ subtotal: 200, total: 180, margin: Number(((180 - 80) / 180).toFixed(4)) });
  });

  it('refuses deleting a record still referred to by a restrict reference; delete and restore are audited', async () => {
    const acme = await account();
    const contact = await createRecord(ctx, { object: 'contact', values: { fullName: 'Wang', account: acme.id, email: 'wang@example.com' } });
    const refused = await failure(deleteRecord(ctx, { object: 'account', id: acme.id as string }));
    expect([refused.status, refused.code]).toEqual([409, 'records.delete-restricted']);
    const deleted = await deleteRecord(ctx, { object: 'contact', id: contact.id as string });
    expect(deleted.deletedAt).toEqual(expect.any(String));
    expect((await failure(deleteRecord(ctx, { object: 'contact', id: contact.id as string }))).status).toBe(404);
    expect((await failure(updateRecord(ctx, { object: 'contact', id: contact.id as string, rowVersion: 2, values: {} }))).status).toBe(404);
    const restored = await restoreRecord(ctx, { object: 'contact', id: contact.id as string });
    expect(restored.rowVersion).toBe(3);
    expect((await failure(restoreRecord(ctx, { object: 'contact', id: contact.id as string }))).status).toBe(404);
    const history = await recordHistory(ctx, { object: 'contact', id: contact.id as string });
    expect(history.map((h) => h.action)).toEqual(['record.restore', 'record.delete', 'record.create']);
  });

  it('bulk updates a filtered set in batches with progress, each record audited', async () => {
    const acme = await account({ region: 'east' });
    for (let i = 0; i < 7; i++) await opportunity(acme.id as string, { name: `Bulk ${i}`, amount: 10 * (i + 1), forecastCategory: 'pipeline' });
    const progress: { done: number; total: number }[] = [];
    const result = await bulkUpdateRecords(ctx, {
      object: 'opportunity',
      filter: `name.startsWith("Bulk ") && amount >= 30.0`,
      values: { forecastCategory: 'commit' },
      batchSize: 2,
      onProgress: (p) => progress.push(p),
    });
    expect(result).toEqual({ total: 5, updated: 5, failed: [] });
    expect(progress).toEqual([
      { done: 0, total: 5 },
      { done: 2, total: 5 },
      { done: 4, total: 5 },
      { done: 5, total: 5 },
    ]);
    const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'record.bulk-update'`);
    expect(row!.n).toBe(5);
    const bad = await failure(bulkUpdateRecords(ctx, { object: 'opportunity', filter: 'true', values: { forecastCategory: 'maybe' } }));
    expect(bad.problems.map((p) => p.pointer)).toEqual(['/values/forecastCategory']);
  });

  it('skips and reports records a bulk change would make invalid', async () => {
    const acme = await account();
    await opportunity(acme.id as string, { name: 'Lose me' });
    const result = await bulkUpdateRecords(ctx, { object: 'opportunity', filter: 'name == "Lose me"', values: { stage: 'lost' } });
    expect(result.updated).toBe(0);
    expect(result.failed).toEqual([{ id: expect.any(String), problems: [expect.objectContaining({ pointer: '/values', code: 'records.rule.lostNeedsReason' })] }]);
  });

  it('turns a unique value raced past the check into the same 422, writing nothing for the loser', async () => {
    const audits = await auditCount();
    const results = await Promise.allSettled([account({ taxId: '91310000MA1FL0002X' }), account({ taxId: '91310000MA1FL0002X' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(OperationError);
    expect((rejected.reason as OperationError).problems).toEqual([{ pointer: '/values/taxId', code: 'records.value.unique', message: 'Another record already has this value.' }]);
    expect(await auditCount()).toBe(audits + 1);
  });

  it('purges record audit entries older than the retention', async () => {
    const admin: OperationContext = { database, actor: cliActor('admin') };
    await database.rows(sql`UPDATE audit_log SET at = now() - interval '40 days' WHERE id = (SELECT min(id) FROM audit_log WHERE action LIKE 'record.%')`);
    expect(await purgeAuditOlderThan(admin, { days: 30 })).toEqual({ deleted: 1 });
    expect(await purgeAuditOlderThan(admin, { days: 30 })).toEqual({ deleted: 0 });
    expect((await failure(purgeAuditOlderThan(ctx, { days: 30 }))).status).toBe(403);
    expect(auditRetentionDays({})).toBeNull();
    expect(auditRetentionDays({ MAINLINE_AUDIT_RETENTION_DAYS: '365' })).toBe(365);
    expect(() => auditRetentionDays({ MAINLINE_AUDIT_RETENTION_DAYS: '365d' })).toThrow(/whole number of days/);
  });

  it('refuses anonymous callers', async () => {
    const error = await failure(createRecord({ database, actor: anonymousActor() }, { object: 'account', values: { name: 'x' } }));
    expect(error.status).toBe(401);
  });

  it('gives gap-free auto-numbers under concurrent creates', async () => {
    const creates = Array.from({ length: 20 }, (_, i) => () => createRecord(ctx, { object: 'lead', values: { projectName: `L${i}`, company: 'C', fullName: 'F', email: `l${i}@example.com` } }));
    // A rolled-back create (invalid) in between must not use a number.
    await failure(createRecord(ctx, { object: 'lead', values: { projectName: 'bad', company: 'C', fullName: 'F' } }));
    const leads = testEngine() === 'postgres' ? await Promise.all(creates.map((c) => c())) : await creates.reduce<Promise<ApiRecord[]>>(async (acc, c) => [...(await acc), await c()], Promise.resolve([]));
    const numbers = leads.map((l) => Number(String(l.leadNumber).split('-')[2])).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
