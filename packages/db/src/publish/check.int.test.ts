import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, type TestDatabase } from '../testing/test-database.ts';
import type { CheckProblem } from './check.ts';
import { previewPublish } from './preview.ts';
import { publishPackage } from './publish-package.ts';
import { PublishError } from './publish-error.ts';
import { configPackage, edited, field, fieldOf, object, objectOf } from './testing/packages.ts';
import { insertRecords, physicalSnapshot, versionPhysical } from './testing/records.ts';

const base = configPackage([
  object('company', [field('name', 'text')]),
  object('person', [field('name', 'text')]),
  object('deal', [field('title', 'text'), field('amount', 'text'), field('stage', 'choice'), field('contact', 'text'), field('party', 'reference', { target: 'company' })]),
]);

async function refusal(database: TestDatabase, draft: typeof base): Promise<CheckProblem[]> {
  const before = await physicalSnapshot(database);
  const error = await publishPackage(database, draft).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PublishError);
  expect((error as PublishError).code).toBe('config.publish.refused');
  expect(await physicalSnapshot(database)).toEqual(before);
  return (error as PublishError).details.problems as CheckProblem[];
}

describe(`check refuses unsafe steps with counts (${testEngine()})`, () => {
  let database: TestDatabase;
  let ids: string[];
  beforeAll(async () => {
    database = await openTestDatabase();
    await publishPackage(database, base);
    const physical = await versionPhysical(database, 1);
    const [company] = await insertRecords(database, physical, 'company', [{ name: 'Acme' }]);
    await insertRecords(database, physical, 'person', [{ name: 'Wang' }]);
    ids = await insertRecords(database, physical, 'deal', [
      { title: 'a', amount: '100', stage: 'a', contact: 'x@y.cn', party: company },
      { title: 'b', amount: '12.5', stage: 'b', contact: 'not an address', party: company },
      { title: 'a', amount: 'about 3k', stage: 'c', contact: null, party: null },
      { title: 'c', amount: 'n/a', stage: 'c', contact: null, party: null },
      { title: 'c', amount: '', stage: null, contact: null, party: null, deletedAt: new Date().toISOString() },
    ]);
  });
  afterAll(() => database.close());

  it('counts values a type change cannot take, with example ids, and changes nothing', async () => {
    const problems = await refusal(database, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'amount'), { type: 'currency' })));
    expect(problems).toEqual([expect.objectContaining({ code: 'publish.check.type-change', subject: 'deal.amount', count: 2, examples: [ids[2], ids[3]].sort() })]);
    expect(problems[0]!.message.en).toContain('2 record(s) hold values that cannot become numeric');
    expect(problems[0]!.message['zh-CN']).toContain('2 条记录的值无法转换为 numeric');
  });

  it('counts live records without a value for a new required field that has no default', async () => {
    const problems = await refusal(database, edited(base, (d) => objectOf(d, 'deal').fields.push(field('region', 'text', { required: true }))));
    expect(problems).toEqual([expect.objectContaining({ code: 'publish.check.required', count: 4 })]);
    const withExpression = await refusal(database, edited(base, (d) => objectOf(d, 'deal').fields.push(field('due', 'date', { required: true, defaultExpression: 'today()' }))));
    expect(withExpression[0]!.message.en).toContain('A defaultExpression only applies to new records');
    const becomesRequired = await refusal(database, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'contact'), { required: true })));
    expect(becomesRequired).toEqual([expect.objectContaining({ subject: 'deal.contact', count: 2, examples: [ids[2], ids[3]].sort() })]);
  });

  it('counts duplicates under a new unique index, among live records only', async () => {
    const problems = await refusal(database, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'title'), { unique: true })));
    expect(problems).toEqual([expect.objectContaining({ code: 'publish.check.unique', subject: 'deal.title', count: 2, examples: [ids[0], ids[2]].sort() })]);
  });

  it('counts values outside the options left, and values that are not of the new kind', async () => {
    const fewerOptions = await refusal(database, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'stage'), { options: [{ value: 'a', label: { en: 'A' } }, { value: 'b', label: { en: 'B' } }] })));
    expect(fewerOptions).toEqual([expect.objectContaining({ code: 'publish.check.values', count: 2 })]);
    const email = await refusal(database, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'contact'), { type: 'email' })));
    expect(email).toEqual([expect.objectContaining({ code: 'publish.check.values', count: 1, examples: [ids[1]] })]);
  });

  it('counts references a new target cannot hold', async () => {
    const problems = await refusal(database, edited(base, (d) => Object.assign(fieldOf(d, 'deal', 'party'), { target: 'person' })));
    expect(problems).toEqual([expect.objectContaining({ code: 'publish.check.reference', count: 2 })]);
  });

  it('lets the change through once the data is fixed, retiring an option instead of removing it', async () => {
    await database.db.execute(sql`UPDATE rec.deal SET amount = '3000' WHERE amount = 'about 3k'`);
    await database.db.execute(sql`UPDATE rec.deal SET amount = NULL WHERE amount = 'n/a'`);
    const draft = edited(base, (d) => {
      Object.assign(fieldOf(d, 'deal', 'amount'), { type: 'currency' });
      Object.assign(fieldOf(d, 'deal', 'stage'), { options: [{ value: 'a', label: { en: 'A' } }, { value: 'b', label: { en: 'B' } }, { value: 'c', label: { en: 'C' }, retired: true }] });
    });
    const preview = await previewPublish(database, draft);
    expect(preview.check).toMatchObject({ ok: true, problems: [] });
    const result = await publishPackage(database, draft);
    expect(result.applied).toBe(true);
    const amounts = await database.rows<{ amount: string | null }>(sql`SELECT amount::text AS amount FROM rec.deal AS d ORDER BY d.amount NULLS LAST`);
    expect(amounts.map((a) => a.amount)).toEqual(['12.5', '100', '3000', null, null]);
  });
});
