import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine, users, type TestDatabase } from '@mainline/db';
import type { BusinessObject, ConfigPackage } from '@mainline/model';
import { loadTemplate } from '@mainline/templates';
import { cliActor, type OperationContext } from '../../../context.ts';
import { OperationError } from '../../../errors.ts';
import { publish } from '../../config/publish.ts';
import { createRecord } from '../create-record.ts';
import { updateRecord } from '../update-record.ts';

const label = (en: string) => ({ en, 'zh-CN': en });

/** One field of every written type, with limits, on an object added to complex sales. */
const sample: BusinessObject = {
  id: 'sample',
  label: label('Sample'),
  titleField: 'code',
  fields: [
    { id: 'code', type: 'text', label: label('Code'), maxLength: 5, pattern: '[A-Z]+', unique: true },
    { id: 'notes', type: 'longText', label: label('Notes'), maxLength: 10 },
    { id: 'count', type: 'number', label: label('Count'), min: 0, max: 10, scale: 1, validations: [{ id: 'even', expression: 'count != 3.0', message: { en: 'Not three.', 'zh-CN': '不能是三。' } }] },
    { id: 'price', type: 'currency', label: label('Price'), min: 0 },
    { id: 'share', type: 'percent', label: label('Share'), min: 0, max: 1 },
    { id: 'day', type: 'date', label: label('Day') },
    { id: 'moment', type: 'datetime', label: label('Moment') },
    { id: 'flag', type: 'boolean', label: label('Flag') },
    { id: 'colour', type: 'choice', label: label('Colour'), options: [{ value: 'red', label: label('Red') }, { value: 'old', label: label('Old'), retired: true }] },
    { id: 'tags', type: 'multiChoice', label: label('Tags'), options: [{ value: 'a', label: label('A') }, { value: 'b', label: label('B') }] },
    { id: 'account', type: 'reference', label: label('Account'), target: 'account' },
    { id: 'mail', type: 'email', label: label('Mail') },
    { id: 'tel', type: 'phone', label: label('Tel') },
    { id: 'site', type: 'url', label: label('Site') },
    { id: 'person', type: 'user', label: label('Person') },
    { id: 'due', type: 'date', label: label('Due'), defaultExpression: 'addDays(today(), 7)' },
    { id: 'number', type: 'autoNumber', label: label('Number'), format: 'S-{0000}', start: 100 },
    { id: 'doubled', type: 'formula', label: label('Doubled'), resultType: 'number', expression: 'orElse(count, 0.0) * 2.0' },
  ],
} as BusinessObject;

describe(`field values (${testEngine()})`, () => {
  let database: TestDatabase;
  let ctx: OperationContext;
  let userId: string;

  beforeAll(async () => {
    database = await openTestDatabase();
    const [user] = await database.db.insert(users).values({ username: 'writer', displayName: 'Writer' }).returning({ id: users.id });
    userId = user!.id;
    ctx = { database, actor: cliActor('test') };
    const pkg = structuredClone(loadTemplate('complex-sales')) as ConfigPackage;
    pkg.objects.push(sample);
    await publish(ctx, { package: pkg, message: 'with sample' });
  });
  afterAll(() => database.close());

  const problemOf = async (values: Record<string, unknown>) => {
    try {
      await createRecord(ctx, { object: 'sample', values });
    } catch (error) {
      if (error instanceof OperationError) return error.problems.map((p) => `${p.pointer} ${p.code}`);
      throw error;
    }
    return [];
  };

  const accepted: [string, unknown][] = [
    ['code', 'ABC'],
    ['notes', 'ten chars!'],
    ['count', 9.5],
    ['price', 12.34],
    ['share', 0.25],
    ['day', '2024-02-29'],
    ['moment', '2025-03-01T09:30:00+08:00'],
    ['flag', false],
    ['colour', 'red'],
    ['tags', ['a', 'b']],
    ['mail', 'a.b@example.cn'],
    ['tel', '+86 (21) 5555-0100'],
    ['site', 'https://example.com/x?y=1'],
    ['code', null],
  ];
  it.each(accepted)('accepts %s = %j', async (field, value) => {
    expect(await problemOf({ [field]: value })).toEqual([]);
  });

  const refused: [string, unknown, string][] = [
    ['code', 'ABCDEF', 'too-long'],
    ['code', 'abc', 'pattern'],
    ['code', 12, 'type'],
    ['notes', 'eleven chars', 'too-long'],
    ['count', 11, 'max'],
    ['count', -1, 'min'],
    ['count', 1.25, 'scale'],
    ['count', '5', 'type'],
    ['price', 1.001, 'scale'],
    ['price', 1e20, 'max'],
    ['share', 1.5, 'max'],
    ['day', '2023-02-29', 'date'],
    ['day', '2024-2-1', 'date'],
    ['moment', '2025-03-01 09:30', 'datetime'],
    ['moment', '2025-03-01T09:30:00', 'datetime'],
    ['moment', '2025-02-30T09:30:00Z', 'datetime'],
    ['flag', 'true', 'type'],
    ['colour', 'blue', 'choice'],
    ['colour', 'old', 'choice'],
    ['tags', ['a', 'c'], 'choice'],
    ['tags', ['a', 'a'], 'duplicate'],
    ['tags', 'a', 'type'],
    ['account', 'not-a-uuid', 'type'],
    ['account', randomUUID(), 'reference-missing'],
    ['mail', 'a@b', 'email'],
    ['tel', 'call me', 'phone'],
    ['site', 'ftp://example.com', 'url'],
    ['site', 'javascript:alert(1)', 'url'],
    ['person', randomUUID(), 'user-missing'],
  ];
  it.each(refused)('refuses %s = %j (%s)', async (field, value, code) => {
    expect(await problemOf({ [field]: value })).toEqual([`/values/${field} records.value.${code}`]);
  });

  it('refuses computed fields, accepts existing users, fills defaults, auto-numbers from start and formulas', async () => {
    expect(await problemOf({ number: 'S-1', doubled: 1 })).toEqual(['/values/number records.field.read-only', '/values/doubled records.field.read-only']);
    const created = await createRecord(ctx, { object: 'sample', values: { person: userId, count: 2.5, moment: '2025-03-01T09:30:00+08:00' } });
    expect(created).toMatchObject({ person: userId, doubled: 5, moment: '2025-03-01T01:30:00.000Z' });
    expect(created.number).toMatch(/^S-01\d\d$/);
    expect(created.due).toBe(new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10));
    const updated = await updateRecord(ctx, { object: 'sample', id: created.id as string, rowVersion: 1, values: { count: 4 } });
    expect(updated.doubled).toBe(8);
  });

  it('checks field rules with the message in the locale, and unique values', async () => {
    const zh = await createRecord({ ...ctx, locale: 'zh-CN' }, { object: 'sample', values: { count: 3 } }).catch((e: OperationError) => e.problems);
    expect(zh).toEqual([{ pointer: '/values/count', code: 'records.rule.even', message: '不能是三。' }]);
    await createRecord(ctx, { object: 'sample', values: { code: 'UNQ' } });
    expect(await problemOf({ code: 'UNQ' })).toEqual(['/values/code records.value.unique']);
  });
});
