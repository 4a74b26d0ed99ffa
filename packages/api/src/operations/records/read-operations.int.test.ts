import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@mainline/db';
import type { Field } from '@mainline/model';
import { OperationError } from '../../errors.ts';
import { aggregateRecords } from './aggregate-records.ts';
import { getRecord } from './get-record.ts';
import { listRelated } from './list-related.ts';
import { searchRecords } from './search-records.ts';
import { openReadFixture, type ReadFixture } from './read-test-fixtures.ts';

async function failure(promise: Promise<unknown>): Promise<OperationError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OperationError);
  return error as OperationError;
}

describe(`getRecord, listRelated, searchRecords, aggregateRecords (${testEngine()})`, () => {
  let f: ReadFixture;
  let acme: string, huawei: string, gone: string;
  let opportunities: string[];

  beforeAll(async () => {
    // A second reference from opportunity to account, so related lists must say which one.
    f = await openReadFixture((pkg) => {
      const opportunity = pkg.objects.find((o) => o.id === 'opportunity')!;
      opportunity.fields.push({ id: 'endCustomer', type: 'reference', target: 'account', label: { en: 'End customer', 'zh-CN': '最终客户' } } as Field);
    });
    const accountIds = await f.insert('account', [
      { name: 'Acme Corporation', website: 'https://acme.example', accountStrategy: 'Grow the cloud business' },
      { name: '华为技术有限公司', accountStrategy: '扩大云业务' },
      { name: 'Acme Gone', deletedAt: new Date() },
    ]);
    [acme, huawei, gone] = accountIds as [string, string, string];
    await f.insert('contact', [
      { fullName: 'Jane Cloud', account: acme, email: 'jane@acme.example' },
      { fullName: '张伟', account: huawei, jobTitle: '采购经理' },
    ]);
    opportunities = await f.insert('opportunity', [
      { name: 'Cloud migration', account: acme, stage: 'negotiate', amount: 100, probability: 0.5 },
      { name: 'Data centre', account: acme, endCustomer: huawei, stage: 'negotiate', amount: 300, probability: 0.5 },
      { name: '云迁移项目', account: huawei, stage: 'qualify', amount: 50, probability: 0.1 },
      { name: 'Old deal', account: acme, stage: 'qualify', amount: 1000, deletedAt: new Date() },
      { name: 'No amount', account: huawei, stage: null, amount: null },
    ]);
  });
  afterAll(async () => {
    await f.database.close();
  });

  it('getRecord reads one record with titles; 404 at /id for unknown, deleted or malformed ids', async () => {
    const record = await getRecord(f.userCtx, { object: 'opportunity', id: opportunities[1]! });
    expect(record).toMatchObject({ id: opportunities[1], name: 'Data centre', amount: 300, account: acme, _titles: { account: 'Acme Corporation', endCustomer: '华为技术有限公司' } });
    expect(record).not.toHaveProperty('deletedAt');
    for (const id of [gone, '00000000-0000-0000-0000-000000000000', 'not-a-uuid', "1' or '1'='1", '']) {
      const error = await failure(getRecord(f.ctx, { object: 'account', id }));
      expect([error.status, error.code, error.problems[0]!.pointer]).toEqual([404, 'records.not-found', '/id']);
    }
    expect(await getRecord(f.ctx, { object: 'account', id: gone, includeDeleted: true })).toMatchObject({ name: 'Acme Gone', deletedAt: expect.any(String) });
  });

  it('listRelated lists the records that reference one, and asks which field when there are several', async () => {
    const contacts = await listRelated(f.ctx, { object: 'account', id: acme, relatedObject: 'contact' });
    expect(contacts.records.map((r) => r.fullName)).toEqual(['Jane Cloud']);
    expect(contacts.total).toEqual({ count: 1, exact: true });
    const ambiguous = await failure(listRelated(f.ctx, { object: 'account', id: acme, relatedObject: 'opportunity' }));
    expect([ambiguous.status, ambiguous.code, ambiguous.problems[0]!.pointer]).toEqual([422, 'records.related.ambiguous', '/field']);
    const byAccount = await listRelated(f.ctx, { object: 'account', id: acme, relatedObject: 'opportunity', field: 'account', sort: [{ field: 'amount', direction: 'desc' }] });
    expect(byAccount.records.map((r) => r.name)).toEqual(['Data centre', 'Cloud migration']);
    const filtered = await listRelated(f.ctx, { object: 'account', id: huawei, relatedObject: 'opportunity', field: 'account', filter: 'amount > 10' });
    expect(filtered.records.map((r) => r.name)).toEqual(['云迁移项目']);
    const endCustomer = await listRelated(f.ctx, { object: 'account', id: huawei, relatedObject: 'opportunity', field: 'endCustomer' });
    expect(endCustomer.records.map((r) => [r.name, r._titles])).toEqual([['Data centre', { account: 'Acme Corporation', endCustomer: '华为技术有限公司' }]]);
    const wrong = await failure(listRelated(f.ctx, { object: 'account', id: acme, relatedObject: 'opportunity', field: 'sourceLead' }));
    expect(wrong.problems[0]!.pointer).toBe('/field');
    const unrelated = await failure(listRelated(f.ctx, { object: 'account', id: acme, relatedObject: 'product' }));
    expect(unrelated.problems[0]!.pointer).toBe('/relatedObject');
    const missing = await failure(listRelated(f.ctx, { object: 'account', id: 'nope', relatedObject: 'contact' }));
    expect([missing.status, missing.problems[0]!.pointer]).toEqual([404, '/id']);
  });

  it('searchRecords finds English words, title prefixes and Chinese substrings, live records only', async () => {
    const hits = await searchRecords(f.userCtx, { q: 'cloud' });
    expect(hits.map((h) => `${h.object}:${h.title}`).sort()).toEqual(['account:Acme Corporation', 'contact:Jane Cloud', 'opportunity:Cloud migration']);
    expect(hits[0]!.title).toMatch(/^Cloud migration$/); // a title prefix match ranks first
    for (const h of hits) expect(h.rank).toBeGreaterThan(0);
    expect((await searchRecords(f.ctx, { q: 'Acm' })).map((h) => h.title)).toEqual(['Acme Corporation']);
    expect((await searchRecords(f.ctx, { q: 'acme corporation', objects: ['account'] })).map((h) => h.id)).toEqual([acme]);
    expect((await searchRecords(f.ctx, { q: '华为' })).map((h) => `${h.object}:${h.title}`)).toEqual(['account:华为技术有限公司']);
    expect((await searchRecords(f.ctx, { q: '云' })).map((h) => h.title).sort()).toEqual(['云迁移项目', '华为技术有限公司']);
    expect((await searchRecords(f.ctx, { q: '采购', objects: ['contact'] })).map((h) => h.title)).toEqual(['张伟']);
    expect(await searchRecords(f.ctx, { q: '100%_\\' })).toEqual([]);
    expect(await searchRecords(f.ctx, { q: "'); drop table x; --" })).toEqual([]);
    expect((await searchRecords(f.ctx, { q: 'cloud', limit: 1 })).length).toBe(1);
    expect((await failure(searchRecords(f.ctx, { q: '  ' }))).problems[0]!.pointer).toBe('/q');
    expect((await failure(searchRecords(f.ctx, { q: 'x', objects: ['account', 'nope'] }))).problems[0]!.pointer).toBe('/objects/1');
  });

  it('aggregateRecords counts, sums, averages and finds extremes by one or two fields', async () => {
    const byStage = await aggregateRecords(f.ctx, {
      object: 'opportunity',
      groupBy: ['stage'],
      measures: [{ fn: 'count' }, { fn: 'sum', field: 'amount' }, { fn: 'avg', field: 'amount' }, { fn: 'min', field: 'name' }, { fn: 'max', field: 'amount' }, { fn: 'count', field: 'amount' }],
    });
    expect(byStage).toEqual({
      groups: [
        { key: { stage: 'negotiate' }, values: [2, 400, 200, 'Cloud migration', 300, 2] },
        { key: { stage: 'qualify' }, values: [1, 50, 50, '云迁移项目', 50, 1] },
        { key: { stage: null }, values: [1, null, null, 'No amount', null, 0] },
      ],
      truncated: false,
    });
    const two = await aggregateRecords(f.ctx, { object: 'opportunity', groupBy: ['account', 'stage'], measures: [{ fn: 'count' }], filter: 'amount >= 50' });
    expect(two.groups).toEqual(
      expect.arrayContaining([
        { key: { account: acme, stage: 'negotiate' }, values: [2] },
        { key: { account: huawei, stage: 'qualify' }, values: [1] },
      ]),
    );
    expect(two.groups.length).toBe(2);
    expect((await aggregateRecords(f.ctx, { object: 'opportunity', groupBy: [], measures: [{ fn: 'count' }], includeDeleted: true })).groups).toEqual([{ key: {}, values: [5] }]);
    const pointers = async (input: Parameters<typeof aggregateRecords>[1]) => (await failure(aggregateRecords(f.ctx, input))).problems[0]!.pointer;
    expect(await pointers({ object: 'opportunity', groupBy: ['nope; drop'], measures: [{ fn: 'count' }] })).toBe('/groupBy/0');
    expect(await pointers({ object: 'opportunity', groupBy: ['stage'], measures: [{ fn: 'sum', field: 'name' }] })).toBe('/measures/0/field');
    expect(await pointers({ object: 'opportunity', groupBy: ['stage'], measures: [{ fn: 'median' as 'sum', field: 'amount' }] })).toBe('/measures/0/fn');
    expect(await pointers({ object: 'opportunity', groupBy: ['stage'], measures: [{ fn: 'count' }], filter: 'name.matches("x")' })).toBe('/filter');
  });
});
