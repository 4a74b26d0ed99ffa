import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openTestDatabase, recordTableSql, testEngine, users, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../../context.ts';
import { publish } from '../../config/publish.ts';
import { grantFullAccess, withFullAccessRole } from '../../../testing/access-fixtures.ts';
import { createRecord } from '../create-record.ts';
import { listRecords } from '../list-records.ts';
import { recordTarget } from '../lib/record-target.ts';
import { recordHistory } from '../record-history.ts';
import { fieldChanges } from '../lib/audit-record.ts';
import { transact } from '../../org/lib/transact.ts';
import { copyClientOf } from './copy-rows.ts';
import { importRecords } from './import-records.ts';
import type { ImportProgress } from './import-types.ts';

const csv = (text: string) => () => Readable.from([Buffer.from(text)]);

describe(`CSV import on complex sales (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;

  const count = async (objectId: string) => {
    const t = await recordTarget(ctx, objectId);
    return (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.raw(recordTableSql(t.mapped.table))}`))[0]!.n;
  };
  const audits = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action LIKE 'record.%'`))[0]!.n;

  beforeAll(async () => {
    database = await openTestDatabase();
    const [user] = await database.db.insert(users).values({ username: 'Ana', displayName: 'Ana' }).returning({ id: users.id });
    ctx = { database, actor: { userId: user!.id, username: 'ana', permissions: [], via: 'session', orgUnitId: null } };
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    await grantFullAccess(database, user!.id);
  });
  afterAll(() => database.close());

  it('maps headers by field id, English label and Chinese label; converts cells; audits each record', async () => {
    const before = await audits();
    const report = await importRecords(ctx, {
      object: 'account',
      source: csv('name,Type,客户等级,Annual revenue,employees,budget year starts,Account manager\nAcme,Customer,战略客户,"1,234.50",120,2025-01-01,ana\n华为,prospect,key,99,,,\n'),
    });
    expect(report).toMatchObject({ ok: true, rowsRead: 2, created: 2, updated: 0, failed: 0, errors: [] });
    const page = await listRecords(ctx, { object: 'account', sort: [{ field: 'name', direction: 'asc' }] });
    expect(page.records[0]).toMatchObject({ name: 'Acme', accountType: 'customer', tier: 'strategic', annualRevenue: 1234.5, employees: 120, budgetCycleStart: '2025-01-01', accountManager: ctx.actor.userId, contactCount: 0 });
    expect(page.records[0]!.accountNumber).toMatch(/^ACC-\d{6}$/);
    expect(page.records[1]).toMatchObject({ name: '华为', accountType: 'prospect', tier: 'key', annualRevenue: 99, employees: null });
    expect(await audits()).toBe(before + 2);
    const history = await recordHistory(ctx, { object: 'account', id: page.records[0]!.id as string });
    expect(history[0]).toMatchObject({ action: 'record.import', changes: { name: { before: null, after: 'Acme' } } });
  });

  it('dry run: reports every bad row with its line, column and message and writes nothing', async () => {
    const [accounts, before] = [await count('account'), await audits()];
    const report = await importRecords(ctx, {
      object: 'account',
      dryRun: true,
      source: csv('name,accountType,employees,website,parentAccount,accountManager\nGood,prospect,1,,,\n,prospect,x,,,\nBad type,vip,1,not a url,Nowhere,nobody\nShort,prospect\n'),
    });
    expect(report).toMatchObject({ ok: false, dryRun: true, rowsRead: 4, created: 1, failed: 3 });
    const at = (row: number) => report.errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.code}`).sort();
    expect(at(3)).toEqual(['employees:records.value.type', 'name:records.value.required']);
    expect(at(4)).toEqual(['accountManager:records.value.user-missing', 'accountType:records.value.choice', 'parentAccount:records.value.reference-missing', 'website:records.value.url']);
    expect(at(5)).toEqual(['null:records.import.column-count']);
    expect(report.errors.every((e) => e.message.length > 0)).toBe(true);
    expect([await count('account'), await audits()]).toEqual([accounts, before]);
    // the same file for real: still nothing written (checked first, all or nothing)
    const real = await importRecords(ctx, { object: 'account', source: csv('name,accountType\nGood,prospect\nBad,vip\n') });
    expect(real).toMatchObject({ ok: false, created: 0, failed: 1 });
    expect([await count('account'), await audits()]).toEqual([accounts, before]);
  });

  it('refuses unknown headers unless mapped to "-", and maps explicitly', async () => {
    const unknown = await importRecords(ctx, { object: 'product', source: csv('name,code,family,price,colour\nA,PR-001,module,10,red\n') });
    expect(unknown.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [1, 'price', 'records.import.unknown-column'],
      [1, 'colour', 'records.import.unknown-column'],
    ]);
    const mapped = await importRecords(ctx, { object: 'product', mapping: { colour: '-', price: 'listPrice' }, source: csv('name,code,family,price,colour\nA,PR-001,Module,10,red\n') });
    expect(mapped).toMatchObject({ ok: true, created: 1, ignoredColumns: ['colour'] });
  });

  it('upserts by a key field, resolves references by key and by title, and choices by label', async () => {
    await importRecords(ctx, { object: 'account', source: csv('name,taxId,accountType\nKeyCo,91310000MA1FL00001,prospect\nTitleCo,,prospect\n') });
    const report = await importRecords(ctx, {
      object: 'contact',
      source: csv('fullName,account,seniority,interests,email\nKim,91310000MA1FL00001,Director,Golf; tea,kim@example.com\nLee,TitleCo,高管,,lee@example.com\n'),
    });
    expect(report).toMatchObject({ ok: true, created: 2 });
    const contacts = (await listRecords(ctx, { object: 'contact', sort: [{ field: 'fullName', direction: 'asc' }] })).records;
    expect(contacts.map((c) => [c.fullName, (c._titles as Record<string, string>).account, c.seniority, c.interests])).toEqual([
      ['Kim', 'KeyCo', 'director', ['golf', 'tea']],
      ['Lee', 'TitleCo', 'executive', null],
    ]);
    const keyCo = (await listRecords(ctx, { object: 'account', filter: 'taxId == "91310000MA1FL00001"' })).records[0]!;
    expect(keyCo.contactCount).toBe(1); // rollups refreshed per batch

    const upsert = await importRecords(ctx, { object: 'account', keyField: 'taxId', source: csv('taxId,name,accountType\n91310000MA1FL00001,KeyCo Ltd,customer\n91310000MA1FL00002,NewCo,prospect\n') });
    expect(upsert).toMatchObject({ ok: true, created: 1, updated: 1 });
    const updated = (await listRecords(ctx, { object: 'account', filter: 'taxId == "91310000MA1FL00001"' })).records[0]!;
    expect(updated).toMatchObject({ id: keyCo.id, name: 'KeyCo Ltd', accountType: 'customer', rowVersion: 2 });
    const history = await recordHistory(ctx, { object: 'account', id: keyCo.id as string });
    expect(history[0]).toMatchObject({ action: 'record.import', changes: { name: { before: 'KeyCo', after: 'KeyCo Ltd' } } });
    const again = await importRecords(ctx, { object: 'account', keyField: 'taxId', source: csv('taxId,name,accountType\n91310000MA1FL00001,KeyCo Ltd,customer\n') });
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 1 });
  });

  it('reports ambiguous titles, unique clashes and duplicate keys', async () => {
    await createRecord(ctx, { object: 'account', values: { name: 'Twin', accountType: 'prospect' } });
    await createRecord(ctx, { object: 'account', values: { name: 'Twin', accountType: 'prospect' } });
    const refs = await importRecords(ctx, { object: 'contact', dryRun: true, source: csv('fullName,account,wechat\nX,Twin,x1\n') });
    expect(refs.errors).toEqual([expect.objectContaining({ row: 2, column: 'account', field: 'account', code: 'records.import.reference-ambiguous' })]);
    const unique = await importRecords(ctx, { object: 'account', dryRun: true, source: csv('name,taxId,accountType\nA,91310000MA1FL00002,prospect\nB,91310000MA1FL00009,prospect\nC,91310000MA1FL00009,prospect\n') });
    expect(unique.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'records.value.unique'],
      [4, 'records.value.unique'],
    ]);
    const keys = await importRecords(ctx, { object: 'account', keyField: 'taxId', dryRun: true, source: csv('name,taxId,accountType\nA,91310000MA1FL00007,prospect\nB,91310000MA1FL00007,prospect\n') });
    expect(keys.errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'records.import.duplicate-key'],
      [3, 'records.value.unique'],
    ]);
  });

  it('sees earlier rows of the file: a repeated unique value or key is reported on its row, a reference to an earlier row resolves', async () => {
    const [accounts, before] = [await count('account'), await audits()];
    const unique = await importRecords(ctx, { object: 'account', batchSize: 1, source: csv('name,taxId,accountType\nU1,91310000MA1FL00031,prospect\nU2,91310000MA1FL00032,prospect\nU3,91310000MA1FL00031,prospect\n') });
    expect(unique).toMatchObject({ ok: false, rowsRead: 3, created: 0, failed: 1 });
    expect(unique.errors.map((e) => [e.row, e.column, e.code])).toEqual([[4, 'taxId', 'records.value.unique']]);
    expect(unique.errors[0]!.message).toContain('earlier row');
    const keys = await importRecords(ctx, { object: 'account', keyField: 'taxId', batchSize: 1, dryRun: true, source: csv('name,taxId,accountType\nK1,91310000MA1FL00041,prospect\nK2,91310000MA1FL00041,prospect\n') });
    expect(keys.errors.map((e) => [e.row, e.code])).toEqual([
      [3, 'records.import.duplicate-key'],
      [3, 'records.value.unique'],
    ]);
    expect([await count('account'), await audits()]).toEqual([accounts, before]); // all or nothing, and a dry run writes nothing

    const file = 'name,accountType,parentAccount\nHolding,prospect,\nSubsidiary,prospect,Holding\n';
    const dry = await importRecords(ctx, { object: 'account', batchSize: 1, dryRun: true, source: csv(file) });
    expect(dry).toMatchObject({ ok: true, created: 2, errors: [] });
    expect([await count('account'), await audits()]).toEqual([accounts, before]);
    const real = await importRecords(ctx, { object: 'account', batchSize: 1, source: csv(file) });
    expect(real).toMatchObject({ ok: true, created: 2 });
    const [holding] = (await listRecords(ctx, { object: 'account', filter: 'name == "Holding"' })).records;
    const [subsidiary] = (await listRecords(ctx, { object: 'account', filter: 'name == "Subsidiary"' })).records;
    expect(subsidiary!.parentAccount).toBe(holding!.id);

    // in the same batch too; a row naming a bad row is reported, not written
    const same = await importRecords(ctx, { object: 'account', source: csv('name,accountType,parentAccount\nGroup,prospect,\nBranch,prospect,Group\nBadParent,vip,\nOrphan,prospect,BadParent\n') });
    expect(same).toMatchObject({ ok: false, created: 0, failed: 2 });
    expect(same.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, 'accountType', 'records.value.choice'],
      [5, 'parentAccount', 'records.value.reference-missing'],
    ]);
    expect(await importRecords(ctx, { object: 'account', source: csv('name,accountType,parentAccount\nGroup,prospect,\nBranch,prospect,Group\n') })).toMatchObject({ ok: true, created: 2 });
    const [group] = (await listRecords(ctx, { object: 'account', filter: 'name == "Group"' })).records;
    const [branch] = (await listRecords(ctx, { object: 'account', filter: 'name == "Branch"' })).records;
    expect(branch!.parentAccount).toBe(group!.id);
  });

  it('counts lines inside quoted cells and empty lines; reports malformed CSV on its row', async () => {
    const report = await importRecords(ctx, { object: 'account', dryRun: true, source: csv('name,accountType\r\n"Two\r\nlines",prospect\r\n\r\nBad,vip\r\n"Open quote,prospect\r\n') });
    expect(report.errors.map((e) => [e.row, e.code])).toEqual([
      [5, 'records.value.choice'],
      [6, 'records.import.csv-syntax'],
    ]);
    expect(report).toMatchObject({ rowsRead: 3, created: 1, failed: 2 });
  });

  it('audits each imported record with fieldChanges of the stored record (COPY on PostgreSQL)', async () => {
    if (testEngine() === 'postgres') expect(await transact(ctx, async (tx) => copyClientOf(tx) !== null)).toBe(true);
    const report = await importRecords(ctx, { object: 'account', source: csv('name,accountType,annualRevenue,employees,website,budget year starts\n"Tab\tand ""quote"" \\ Co",customer,12.5,3,https://example.com/a?b=1,2025-04-01\n') });
    expect(report).toMatchObject({ ok: true, created: 1 });
    const [record] = (await listRecords(ctx, { object: 'account', filter: 'annualRevenue == 12.5' })).records;
    expect(record!.name).toBe('Tab\tand "quote" \\ Co');
    const history = await recordHistory(ctx, { object: 'account', id: record!.id as string });
    const target = await recordTarget(ctx, 'account');
    expect(history).toHaveLength(1);
    expect(history[0]!.changes).toEqual(fieldChanges(target, null, record!));
  });

  it.runIf(testEngine() === 'postgres')('rolls the whole import back when a concurrent write takes a unique value during its COPY', async () => {
    const target = await recordTarget(ctx, 'account');
    const column = (id: string) => `"${target.mapped.fields[id]!.column}"`;
    const other = await openDatabase({ url: database.url!, migrate: false, poolSize: 1 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let taken!: () => void;
    const inserted = new Promise<void>((resolve) => (taken = resolve));
    const concurrent = other.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`INSERT INTO ${recordTableSql(target.mapped.table)} (${column('name')}, ${column('taxId')}, ${column('accountType')}) VALUES ('Racer', '91310000MA1FL00051', 'prospect')`));
      taken();
      await held;
    });
    try {
      await inserted;
      const [accounts, before] = [await count('account'), await audits()];
      const importing = importRecords(ctx, { object: 'account', source: csv('name,taxId,accountType\nR1,91310000MA1FL00050,prospect\nR2,91310000MA1FL00051,prospect\n') });
      // the import's COPY waits on the uncommitted value (its unique check could not see it)
      const waiting = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'COPY%'`))[0]!.n;
      for (let i = 0; i < 400 && (await waiting()) === 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      release();
      await concurrent;
      const report = await importing;
      expect(report).toMatchObject({ ok: false, created: 0 });
      expect(report.errors).toEqual([expect.objectContaining({ row: 2, code: 'records.value.unique' })]);
      expect([await count('account'), await audits()]).toEqual([accounts + 1, before]);
    } finally {
      release();
      await other.close();
    }
  });

  it('imports 10,000 rows in batches with progress, in one pass (a dry run first)', async () => {
    const lines = ['name,productCode,family,listPrice,isActive'];
    for (let i = 0; i < 10_000; i++) lines.push(`Product ${i},BK-${String(i).padStart(5, '0')},module,${(i % 500) + 0.5},${i % 2 ? 'yes' : 'no'}`);
    const [products, before] = [await count('product'), await audits()];
    const checking: ImportProgress[] = [];
    const dry = await importRecords(ctx, { object: 'product', dryRun: true, batchSize: 2500, source: csv(`${lines.join('\n')}\n`), onProgress: (p) => checking.push(p) });
    expect(dry).toMatchObject({ ok: true, dryRun: true, rowsRead: 10_000, created: 10_000 });
    expect(checking.map((p) => [p.phase, p.rowsRead])).toEqual([0, 2500, 5000, 7500, 10_000].map((n) => ['validating', n]));
    expect([await count('product'), await audits()]).toEqual([products, before]);

    const progress: ImportProgress[] = [];
    const report = await importRecords(ctx, { object: 'product', batchSize: 2500, source: csv(`${lines.join('\n')}\n`), onProgress: (p) => progress.push(p) });
    expect(report.errors.slice(0, 3)).toEqual([]);
    expect(report).toMatchObject({ ok: true, rowsRead: 10_000, created: 10_000 });
    expect(progress.map((p) => p.phase)).toEqual(Array(5).fill('importing'));
    expect(progress.map((p) => p.rowsWritten)).toEqual([0, 2500, 5000, 7500, 10_000]);
    expect(progress.at(-1)).toMatchObject({ rowsRead: 10_000, rowsFailed: 0 });
    expect(await audits()).toBe(before + 10_000);
  });
});
