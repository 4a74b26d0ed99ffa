import { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, users, type TestDatabase } from '@mainline/db';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../../context.ts';
import { publish } from '../../config/publish.ts';
import { grantFullAccess, withFullAccessRole } from '../../../testing/access-fixtures.ts';
import { importRecords } from '../import/import-records.ts';
import { listRecords } from '../list-records.ts';
import { exportRecords } from './export-records.ts';

const csv = (text: string) => () => Readable.from([text]);

async function text(chunks: AsyncIterable<string>): Promise<{ text: string; chunks: number }> {
  let out = '';
  let n = 0;
  for await (const chunk of chunks) {
    out += chunk;
    n++;
  }
  return { text: out, chunks: n };
}

describe(`CSV export on complex sales (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;

  beforeAll(async () => {
    database = await openTestDatabase();
    const [user] = await database.db.insert(users).values({ username: 'ana', displayName: 'Ana' }).returning({ id: users.id });
    ctx = { database, actor: { userId: user!.id, username: 'ana', permissions: [], via: 'session', orgUnitId: null } };
    await publish({ database, actor: cliActor('test') }, { package: withFullAccessRole(loadTemplate('complex-sales')), message: 'complex sales' });
    await grantFullAccess(database, user!.id);
    const accounts = ['name,accountType,accountManager,annualRevenue'];
    for (let i = 0; i < 450; i++) accounts.push(`"Account, ${String(i).padStart(3, '0')}",${i % 2 ? 'customer' : 'prospect'},ana,${i * 10.5}`);
    expect(await importRecords(ctx, { object: 'account', source: csv(`${accounts.join('\n')}\n`) })).toMatchObject({ ok: true, created: 450 });
    expect(
      await importRecords(ctx, { object: 'contact', source: csv('fullName,account,interests,email\n"Kim ""K"" Lee","Account, 001",golf;tea,k@example.com\n') }),
    ).toMatchObject({ ok: true, created: 1 });
  });
  afterAll(() => database.close());

  it('streams a filtered, sorted list as CSV in pages', async () => {
    const out = await text(await exportRecords(ctx, { object: 'account', filter: 'accountType == "customer"', sort: [{ field: 'name', direction: 'desc' }], fields: ['name', 'accountType', 'accountManager', 'annualRevenue'] }));
    const lines = out.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,accountType,accountManager,annualRevenue');
    expect(lines).toHaveLength(226);
    expect(lines[1]).toBe('"Account, 449",customer,ana,4714.5');
    expect(out.chunks).toBe(3); // header + two pages of at most 200
  });

  it('writes labels, references as titles, multi-choice joined by ;', async () => {
    const out = await text(await exportRecords(ctx, { object: 'contact', fields: ['fullName', 'account', 'interests'], labels: 'zh-CN' }));
    expect(out.text).toBe('姓名,所属客户,兴趣爱好\r\n"Kim ""K"" Lee","Account, 001",高尔夫;茶艺\r\n');
  });

  it('round-trips: exporting and importing with a key changes nothing', async () => {
    const exported = await text(await exportRecords(ctx, { object: 'account', labels: 'en' }));
    const audits = async () => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log`))[0]!.n;
    const before = await audits();
    const report = await importRecords(ctx, { object: 'account', keyField: 'accountNumber', source: csv(exported.text) });
    expect(report).toMatchObject({ ok: true, rowsRead: 450, created: 0, updated: 0, unchanged: 450 });
    expect(await audits()).toBe(before);
    const page = await listRecords(ctx, { object: 'account', pageSize: 1 });
    expect(page.records[0]!.rowVersion).toBe(1);
  });

  it('refuses an unknown field before sending anything', async () => {
    await expect(exportRecords(ctx, { object: 'account', fields: ['nope'] })).rejects.toMatchObject({ status: 422 });
  });
});
