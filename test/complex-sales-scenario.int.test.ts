import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor, importRecords } from '@mainline/api';
import { testEngine } from '@mainline/db';
import { openRecordsApi, type Json, type RecordsApi } from './support/records-api.ts';

// Issue 4's scenario on the complex-sales template, end to end through the public surfaces:
// accounts and contacts imported from CSV (the operation `mainline import` runs), opportunities
// created over REST with a bearer token, a stale If-Match refused, lists with filters, sorts and a
// cursor, the history field by field, delete and restore, a related list, search.

type Page = { records: Json[]; nextCursor: string | null; total: { count: number; exact: boolean } };

describe(`complex sales scenario (${testEngine()})`, () => {
  let r: RecordsApi;
  let dir: string;
  const accounts: Record<string, string> = {};
  const deals: Record<string, Json> = {};

  const csv = async (name: string, lines: string[]) => {
    const path = join(dir, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  };
  const list = async (object: string, query: string): Promise<Page> => {
    const response = await r.api('GET', `/records/${object}?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Page;
  };

  beforeAll(async () => {
    r = await openRecordsApi('ana');
    dir = await mkdtemp(join(tmpdir(), 'mainline-scenario-'));
  });
  afterAll(async () => {
    await r?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('imports accounts and contacts from CSV, contacts pointing at accounts by title', async () => {
    const cli = { database: r.database, actor: cliActor('importer') };
    const accountReport = await importRecords(cli, {
      object: 'account',
      source: await csv('accounts.csv', [
        'name,taxId,accountType,industry,region,annualRevenue',
        'Huaxin Manufacturing,91310000MA1FL00001,customer,manufacturing,east,250000000',
        'Beacon Retail,91440300MA5DA00002,prospect,retail,south,',
        '"Northwind Energy, Ltd.",,prospect,energy,north,1200000.50',
      ]),
    });
    expect(accountReport).toMatchObject({ ok: true, created: 3, failed: 0 });

    const contactReport = await importRecords(cli, {
      object: 'contact',
      source: await csv('contacts.csv', [
        'fullName,account,email,jobTitle,seniority',
        'Li Wei,Huaxin Manufacturing,li.wei@huaxin.example,CIO,executive',
        'Zhang Min,Huaxin Manufacturing,zhang.min@huaxin.example,Procurement lead,manager',
        'Sara Olsen,Beacon Retail,sara@beacon.example,Head of IT,director',
      ]),
    });
    expect(contactReport).toMatchObject({ ok: true, created: 3, failed: 0 });

    const imported = await list('account', 'sort=name&fields=name,contactCount');
    for (const account of imported.records) accounts[account.name as string] = account.id as string;
    expect(imported.records.map((a) => [a.name, a.contactCount])).toEqual([
      ['Beacon Retail', 1],
      ['Huaxin Manufacturing', 2],
      ['Northwind Energy, Ltd.', 0],
    ]);
    const contacts = await list('contact', `filter=${encodeURIComponent(`account == "${accounts['Huaxin Manufacturing']}"`)}&sort=fullName`);
    expect(contacts.records.map((c) => c.fullName)).toEqual(['Li Wei', 'Zhang Min']);
    expect(contacts.records[0]!._titles).toEqual({ account: 'Huaxin Manufacturing' });
  });

  it('creates opportunities over REST with a bearer token', async () => {
    const specs: [string, string, string, number, number, string][] = [
      ['MES rollout', 'Huaxin Manufacturing', 'proposal', 0.5, 1_800_000, '2030-03-31'],
      ['Plant 2 sensors', 'Huaxin Manufacturing', 'qualify', 0.1, 350_000, '2030-06-30'],
      ['Data platform', 'Huaxin Manufacturing', 'negotiation', 0.8, 900_000, '2030-02-28'],
      ['POS refresh', 'Beacon Retail', 'discovery', 0.2, 420_000, '2030-05-15'],
      ['Grid analytics', 'Northwind Energy, Ltd.', 'solution', 0.4, 1_100_000, '2030-04-30'],
    ];
    for (const [name, account, stage, probability, amount, closeDate] of specs) {
      const response = await r.api('POST', '/records/opportunity', { name, account: accounts[account], stage, probability, amount, closeDate });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      deals[name] = response.json() as Json;
    }
    expect(deals['MES rollout']).toMatchObject({ opportunityNumber: expect.stringMatching(/^OPP-\d{4}-\d+$/), weightedAmount: 900_000, rowVersion: 1 });
    const huaxin = (await r.api('GET', `/records/account/${accounts['Huaxin Manufacturing']}?fields=name,openOpportunityCount,pipelineAmount`)).json() as Json;
    expect(huaxin).toMatchObject({ openOpportunityCount: 3, pipelineAmount: 3_050_000 });
  });

  it('refuses an update with a stale If-Match (409, nothing changed) and takes the current one', async () => {
    const url = `/records/opportunity/${deals['MES rollout']!.id}`;
    const first = await r.api('PATCH', url, { stage: 'negotiation', probability: 0.7 }, { 'if-match': '"1"' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers.etag).toBe('"2"');

    const stale = await r.api('PATCH', url, { amount: 1 }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.json()).toMatchObject({ code: 'records.conflict', rowVersion: 2 });
    const after = (await r.api('GET', url)).json() as Json;
    expect(after).toMatchObject({ amount: 1_800_000, stage: 'negotiation', probability: 0.7, rowVersion: 2 });

    const second = await r.api('PATCH', url, { amount: 2_000_000 }, { 'if-match': '"2"' });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ amount: 2_000_000, weightedAmount: 1_400_000, rowVersion: 3 });
  });

  it('queries with filters and sorts, page by page with the cursor', async () => {
    const filter = encodeURIComponent('amount >= 400000 && stage in ["proposal", "negotiation", "solution", "discovery"]');
    const first = await list('opportunity', `filter=${filter}&sort=-amount,name&pageSize=2&fields=name,amount,stage`);
    expect(first.total).toEqual({ count: 4, exact: true });
    expect(first.records.map((d) => d.name)).toEqual(['MES rollout', 'Grid analytics']);
    const second = await list('opportunity', `filter=${filter}&sort=-amount,name&pageSize=2&fields=name,amount,stage&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.records.map((d) => d.name)).toEqual(['Data platform', 'POS refresh']);
    expect(second.nextCursor).toBeNull();

    const closing = await list('opportunity', `filter=${encodeURIComponent('closeDate < timestamp("2030-05-01T00:00:00Z") && account != ""')}&sort=closeDate`);
    expect(closing.records.map((d) => d.name)).toEqual(['Data platform', 'MES rollout', 'Grid analytics']);
    const byAccount = await list('opportunity', `filter=${encodeURIComponent(`account == "${accounts['Huaxin Manufacturing']}" && name.startsWith("P")`)}&sort=-closeDate`);
    expect(byAccount.records.map((d) => d.name)).toEqual(['Plant 2 sensors']);
  });

  it('reads the history: who, what, before and after per field, newest first', async () => {
    const response = await r.api('GET', `/records/opportunity/${deals['MES rollout']!.id}/history`);
    expect(response.statusCode).toBe(200);
    const history = response.json() as Json[];
    expect(history.map((h) => h.action)).toEqual(['record.update', 'record.update', 'record.create']);
    expect(history.every((h) => h.actor === 'ana')).toBe(true);
    expect(history[0]!.changes).toMatchObject({ amount: { before: 1_800_000, after: 2_000_000 }, weightedAmount: { before: 1_260_000, after: 1_400_000 } });
    expect(history[1]!.changes).toMatchObject({ stage: { before: 'proposal', after: 'negotiation' }, probability: { before: 0.5, after: 0.7 } });
    expect(history[1]!.changes).not.toHaveProperty('amount');
    expect(history[2]!.changes).toMatchObject({ name: { before: null, after: 'MES rollout' } });
  });

  it('deletes and restores; the related list of the account follows', async () => {
    const huaxin = accounts['Huaxin Manufacturing'];
    const related = async () => (await list(`account/${huaxin}/related/opportunity`, 'sort=name&fields=name')).records.map((d) => d.name);
    expect(await related()).toEqual(['Data platform', 'MES rollout', 'Plant 2 sensors']);

    const url = `/records/opportunity/${deals['Plant 2 sensors']!.id}`;
    const deleted = await r.api('DELETE', url, undefined, { 'if-match': '"1"' });
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ deletedAt: expect.any(String), rowVersion: 2 });
    expect((await r.api('GET', url)).statusCode).toBe(404);
    expect(await related()).toEqual(['Data platform', 'MES rollout']);
    expect((await r.api('GET', `/records/account/${huaxin}?fields=openOpportunityCount`)).json()).toMatchObject({ openOpportunityCount: 2 });

    const refused = await r.api('DELETE', `/records/account/${huaxin}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'records.delete-restricted' });

    const restored = await r.api('POST', `${url}/restore`);
    expect(restored.statusCode).toBe(200);
    expect(restored.headers.etag).toBe('"3"');
    expect(await related()).toEqual(['Data platform', 'MES rollout', 'Plant 2 sensors']);
    const history = (await r.api('GET', `${url}/history`)).json() as Json[];
    expect(history.map((h) => h.action)).toEqual(['record.restore', 'record.delete', 'record.create']);
  });

  it('searches accounts, contacts and opportunities', async () => {
    const hits = async (q: string, objects?: string) => {
      const response = await r.api('GET', `/search?q=${encodeURIComponent(q)}${objects ? `&objects=${objects}` : ''}`);
      expect(response.statusCode).toBe(200);
      return (response.json() as { object: string; title: string }[]).map((h) => `${h.object}:${h.title}`);
    };
    expect(await hits('Huaxin')).toContain('account:Huaxin Manufacturing');
    expect(await hits('Zhang', 'contact')).toEqual(['contact:Zhang Min']);
    expect(await hits('li.wei@huaxin.example', 'contact')).toEqual(['contact:Li Wei']);
    expect(await hits('Grid')).toEqual(['opportunity:Grid analytics']);
    expect(await hits('Northw')).toContain('account:Northwind Energy, Ltd.');
  });
});
